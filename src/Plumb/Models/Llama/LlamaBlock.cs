using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Models.Llama;

/// <summary>One pre-norm decoder layer: attention then SwiGLU, each added to the residual stream.</summary>
internal sealed class LlamaBlock : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly RmsNorm input_layernorm;
    private readonly LlamaAttention self_attn;
    private readonly RmsNorm post_attention_layernorm;
    private readonly LlamaMlp mlp;

    public LlamaBlock(ModelConfig c, Device? device) : base(nameof(LlamaBlock))
    {
        input_layernorm = new RmsNorm(c.HiddenSize, c.NormEps, device);
        self_attn = new LlamaAttention(c, device);
        post_attention_layernorm = new RmsNorm(c.HiddenSize, c.NormEps, device);
        mlp = new LlamaMlp(c, device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = NewDisposeScope();
        var h = x.add(self_attn.forward(input_layernorm.forward(x), cos, sin));
        var y = h.add(mlp.forward(post_attention_layernorm.forward(h)));
        return y.MoveToOuterDisposeScope();
    }
}
