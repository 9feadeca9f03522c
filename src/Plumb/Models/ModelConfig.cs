namespace Plumb.Models;

/// <summary>
/// The architecture fields of a Hugging Face <c>config.json</c> that Plumb's model builders read.
/// </summary>
public sealed record ModelConfig
{
    /// <summary><c>model_type</c>: "llama", "mistral", "qwen2" (built as llama) or "gpt2".</summary>
    public required string ModelType { get; init; }

    public required int VocabSize { get; init; }

    public required int HiddenSize { get; init; }

    public required int NumLayers { get; init; }

    public required int NumHeads { get; init; }

    /// <summary>Key/value heads for grouped-query attention; equal to <see cref="NumHeads"/> without GQA.</summary>
    public required int NumKeyValueHeads { get; init; }

    public required int IntermediateSize { get; init; }

    /// <summary>Longest sequence the model supports (<c>max_position_embeddings</c> or <c>n_positions</c>).</summary>
    public required int MaxPositions { get; init; }

    public double RopeTheta { get; init; } = 10000.0;

    public double NormEps { get; init; } = 1e-5;

    public bool TieWordEmbeddings { get; init; }

    /// <summary>Bias on the q, k and v projections (Qwen2).</summary>
    public bool AttentionBias { get; init; }

    /// <summary><c>torch_dtype</c> as the checkpoint declares it ("float32", "float16", "bfloat16").</summary>
    public string TorchDtype { get; init; } = "float32";

    public int HeadDim => HiddenSize / NumHeads;
}
