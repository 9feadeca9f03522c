using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Plumb.Models.Gpt2;

/// <summary>Hugging Face's <c>transformer.</c> prefix: token and position embeddings, layers, final norm.</summary>
internal sealed class Gpt2Backbone : nn.Module<Tensor, Tensor>
{
    private readonly Embedding wte;
    private readonly Embedding wpe;
    private readonly ModuleList<Gpt2Block> h;
    private readonly LayerNorm ln_f;
    private readonly int maxPositions;

    public Gpt2Backbone(ModelConfig c, Device? device) : base(nameof(Gpt2Backbone))
    {
        maxPositions = c.MaxPositions;
        wte = nn.Embedding(c.VocabSize, c.HiddenSize, device: device);
        wpe = nn.Embedding(c.MaxPositions, c.HiddenSize, device: device);
        h = nn.ModuleList(Enumerable.Range(0, c.NumLayers).Select(_ => new Gpt2Block(c, device)).ToArray());
        ln_f = nn.LayerNorm(c.HiddenSize, c.NormEps, device: device);
        RegisterComponents();
    }

    /// <summary>The token embedding matrix [vocab, hidden], which is also the tied head.</summary>
    public Parameter EmbeddingWeight => wte.weight!;

    /// <summary>The layers, in order; activation checkpointing wraps these.</summary>
    public ModuleList<Gpt2Block> Layers => h;

    public override Tensor forward(Tensor inputIds) => Run(inputIds, checkpoint: false);

    /// <summary>Hidden states after the final norm; with <paramref name="checkpoint"/>, per-block recompute.</summary>
    public Tensor Run(Tensor inputIds, bool checkpoint)
    {
        long t = inputIds.shape[1];
        if (t > maxPositions)
            throw new PlumbException($"A sequence of {t} tokens is longer than this GPT-2's {maxPositions} "
                + "positions (n_positions); truncate it, e.g. with a smaller max_length.");
        using var scope = NewDisposeScope();
        var positions = arange(t, dtype: ScalarType.Int64, device: inputIds.device);
        var x = wte.forward(inputIds).add_(wpe.forward(positions));
        foreach (var block in h)
            x = checkpoint ? ActivationCheckpoint.Run((input, _) => block.forward(input), x) : block.forward(x);
        return ln_f.forward(x).MoveToOuterDisposeScope();
    }
}
