using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Plumb.Models.Gpt2;

/// <summary>GPT-2's feed-forward block: expand, GELU, project back.</summary>
internal sealed class Gpt2Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear c_fc;
    private readonly Linear c_proj;
    private readonly bool tanhGelu;

    public Gpt2Mlp(ModelConfig c, Device? device) : base(nameof(Gpt2Mlp))
    {
        c_fc = nn.Linear(c.HiddenSize, c.IntermediateSize, device: device);
        c_proj = nn.Linear(c.IntermediateSize, c.HiddenSize, device: device);
        // "gelu_new" and "gelu_pytorch_tanh" are both the tanh approximation; "gelu" is exact.
        tanhGelu = c.HiddenAct != "gelu";
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = c_fc.call(x);
        h = tanhGelu ? h.gelu(GELU.Approximate.tanh) : h.gelu();
        return c_proj.call(h).MoveToOuterDisposeScope();
    }
}
