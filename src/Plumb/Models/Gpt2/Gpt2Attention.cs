using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Plumb.Models.Gpt2;

/// <summary>GPT-2's multi-head self-attention: one fused q/k/v projection and an output projection.</summary>
/// <remarks>Hugging Face stores these as Conv1D, weight [in, out]; here they are nn.Linear, [out, in].</remarks>
internal sealed class Gpt2Attention : nn.Module<Tensor, Tensor>
{
    private readonly Linear c_attn;
    private readonly Linear c_proj;
    private readonly int heads;

    public Gpt2Attention(ModelConfig c, Device? device) : base(nameof(Gpt2Attention))
    {
        heads = c.NumHeads;
        c_attn = nn.Linear(c.HiddenSize, 3 * c.HiddenSize, device: device);
        c_proj = nn.Linear(c.HiddenSize, c.HiddenSize, device: device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        long b = x.shape[0], t = x.shape[1], d = x.shape[2];
        var qkv = c_attn.call(x).view(b, t, 3, heads, d / heads).permute(2, 0, 3, 1, 4);
        var attended = CausalAttention.Apply(qkv[0], qkv[1], qkv[2]);
        return c_proj.call(attended).MoveToOuterDisposeScope();
    }
}
