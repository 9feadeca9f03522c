using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Plumb.Models.Llama;

/// <summary>Hugging Face's <c>model.</c> prefix: embeddings, decoder layers and the final norm.</summary>
internal sealed class LlamaBackbone : nn.Module<Tensor, Tensor>
{
    private readonly Embedding embed_tokens;
    private readonly ModuleList<LlamaBlock> layers;
    private readonly RmsNorm norm;
    private readonly ModelConfig config;

    public LlamaBackbone(ModelConfig c, Device? device) : base(nameof(LlamaBackbone))
    {
        config = c;
        embed_tokens = nn.Embedding(c.VocabSize, c.HiddenSize, device: device);
        layers = nn.ModuleList(Enumerable.Range(0, c.NumLayers).Select(_ => new LlamaBlock(c, device)).ToArray());
        norm = new RmsNorm(c.HiddenSize, c.NormEps, device);
        RegisterComponents();
    }

    /// <summary>The token embedding matrix [vocab, hidden], also the head when embeddings are tied.</summary>
    public Parameter EmbeddingWeight => embed_tokens.weight!;

    /// <summary>The decoder layers, in order; activation checkpointing wraps these.</summary>
    public ModuleList<LlamaBlock> Layers => layers;

    public override Tensor forward(Tensor inputIds) => Run(inputIds, checkpoint: false);

    /// <summary>Hidden states after the final norm; with <paramref name="checkpoint"/>, per-block recompute.</summary>
    public Tensor Run(Tensor inputIds, bool checkpoint)
    {
        using var scope = NewDisposeScope();
        var (cos, sin) = Rotary.Tables(inputIds.shape[1], config.HeadDim, config.RopeTheta, inputIds.device,
            config.RopeScaling);
        var x = embed_tokens.forward(inputIds);
        foreach (var layer in layers)
            x = checkpoint
                ? ActivationCheckpoint.Run((input, t) => layer.forward(input, t[0], t[1]), x, cos, sin)
                : layer.forward(x, cos, sin);
        return norm.forward(x).MoveToOuterDisposeScope();
    }
}
