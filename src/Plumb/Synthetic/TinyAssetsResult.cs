namespace Plumb.Synthetic;

/// <summary>What <see cref="TinyAssets.Build"/> wrote and measured.</summary>
/// <param name="ModelDir">The Hugging Face model directory (weights, config, tokenizer).</param>
/// <param name="DataDir">The directory holding train.jsonl and test.jsonl.</param>
/// <param name="Parameters">Distinct parameters of the model (the tied head counted once).</param>
/// <param name="VocabSize">Tokenizer vocabulary, special tokens included.</param>
/// <param name="FinalLoss">Mean pretraining loss (nats per token) over the last logging interval.</param>
/// <param name="Elapsed">Wall time of the whole build.</param>
public sealed record TinyAssetsResult(
    string ModelDir, string DataDir, long Parameters, int VocabSize, double FinalLoss, TimeSpan Elapsed);
