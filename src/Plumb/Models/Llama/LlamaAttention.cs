using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Plumb.Models.Llama;

/// <summary>Grouped-query self-attention with rotary positions (Ainslie et al. 2023, arXiv:2305.13245).</summary>
internal sealed class LlamaAttention : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly Linear q_proj;
    private readonly Linear k_proj;
    private readonly Linear v_proj;
    private readonly Linear o_proj;
    private readonly int heads;
    private readonly int kvHeads;
    private readonly int headDim;
    private readonly int? slidingWindow;

    public LlamaAttention(ModelConfig c, Device? device) : base(nameof(LlamaAttention))
    {
        heads = c.NumHeads;
        kvHeads = c.NumKeyValueHeads;
        headDim = c.HeadDim;
        slidingWindow = c.SlidingWindow;
        q_proj = nn.Linear(c.HiddenSize, heads * headDim, hasBias: c.AttentionBias, device: device);
        k_proj = nn.Linear(c.HiddenSize, kvHeads * headDim, hasBias: c.AttentionBias, device: device);
        v_proj = nn.Linear(c.HiddenSize, kvHeads * headDim, hasBias: c.AttentionBias, device: device);
        o_proj = nn.Linear(heads * headDim, c.HiddenSize, hasBias: c.OutputBias, device: device);
        RegisterComponents();
    }

    /// <summary>x [B, T, hidden]; cos, sin [T, headDim].</summary>
    public override Tensor forward(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = NewDisposeScope();
        long b = x.shape[0], t = x.shape[1];
        var q = q_proj.call(x).view(b, t, heads, headDim).transpose(1, 2);
        var k = k_proj.call(x).view(b, t, kvHeads, headDim).transpose(1, 2);
        var v = v_proj.call(x).view(b, t, kvHeads, headDim).transpose(1, 2);
        q = Rotary.Apply(q, cos, sin);
        k = Rotary.Apply(k, cos, sin);
        var attended = CausalAttention.Apply(q, k, v, slidingWindow);
        return o_proj.call(attended).MoveToOuterDisposeScope();
    }
}
