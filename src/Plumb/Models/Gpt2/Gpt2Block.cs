using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Plumb.Models.Gpt2;

/// <summary>One pre-LayerNorm GPT-2 layer: attention then MLP, each added to the residual stream.</summary>
internal sealed class Gpt2Block : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm ln_1;
    private readonly Gpt2Attention attn;
    private readonly LayerNorm ln_2;
    private readonly Gpt2Mlp mlp;

    public Gpt2Block(ModelConfig c, Device? device) : base(nameof(Gpt2Block))
    {
        ln_1 = nn.LayerNorm(c.HiddenSize, c.NormEps, device: device);
        attn = new Gpt2Attention(c, device);
        ln_2 = nn.LayerNorm(c.HiddenSize, c.NormEps, device: device);
        mlp = new Gpt2Mlp(c, device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = x.add(attn.forward(ln_1.forward(x)));
        return h.add(mlp.forward(ln_2.forward(h))).MoveToOuterDisposeScope();
    }
}
