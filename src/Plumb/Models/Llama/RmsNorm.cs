using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Plumb.Models.Llama;

/// <summary>Root-mean-square layer norm with a learned scale (Zhang and Sennrich 2019, arXiv:1910.07467).</summary>
internal sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly double eps;

    public RmsNorm(long size, double eps, Device? device) : base(nameof(RmsNorm))
    {
        weight = new Parameter(ones(size, device: device));
        this.eps = eps;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var rms = x.pow(2).mean([-1], keepdim: true).add_(eps).rsqrt_();
        return x.mul(rms).mul_(weight).MoveToOuterDisposeScope();
    }
}
