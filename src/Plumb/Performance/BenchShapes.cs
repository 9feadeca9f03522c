using Plumb.Models;

namespace Plumb.Performance;

/// <summary>The named model shapes the benchmark builds with random weights.</summary>
public static class BenchShapes
{
    /// <summary>The names <see cref="Config"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["tiny", "llama30m", "gpt2"];

    /// <summary>The config of a named shape, with room for <paramref name="seq"/> positions.</summary>
    /// <exception cref="PlumbException">The name is unknown, or GPT-2's 1024 positions are too few.</exception>
    public static ModelConfig Config(string name, int seq) => name switch
    {
        // 2 layers, d 64, vocab 512: about 0.13M parameters, for smoke tests.
        "tiny" => Llama(vocab: 512, hidden: 64, layers: 2, heads: 4, kvHeads: 2, intermediate: 176, seq),
        // 8 layers, d 512, vocab 8192, untied head: about 29.5M parameters.
        "llama30m" => Llama(vocab: 8192, hidden: 512, layers: 8, heads: 8, kvHeads: 8, intermediate: 1376, seq),
        "gpt2" => Gpt2(seq),
        _ => throw new PlumbException($"Unknown bench shape '{name}'; use one of {string.Join(", ", Names)}."),
    };

    private static ModelConfig Llama(int vocab, int hidden, int layers, int heads, int kvHeads,
        int intermediate, int seq) => new()
    {
        ModelType = "llama", VocabSize = vocab, HiddenSize = hidden, NumLayers = layers, NumHeads = heads,
        NumKeyValueHeads = kvHeads, IntermediateSize = intermediate, MaxPositions = Math.Max(seq, 2048),
    };

    // The 124M GPT-2: 12 layers, d 768, 12 heads, 50257 tokens, 1024 positions, tied head.
    private static ModelConfig Gpt2(int seq)
    {
        if (seq > 1024)
            throw new PlumbException($"--seq {seq} exceeds GPT-2's 1024 positions; use --seq 1024 or less.");
        return new ModelConfig
        {
            ModelType = "gpt2", VocabSize = 50257, HiddenSize = 768, NumLayers = 12, NumHeads = 12,
            NumKeyValueHeads = 12, IntermediateSize = 3072, MaxPositions = 1024, TieWordEmbeddings = true,
            HiddenAct = "gelu_new",
        };
    }
}
