using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Plumb.Models.Lora;

/// <summary>One low-rank update for one projection: x -> (alpha / r) B A dropout(x).</summary>
/// <remarks>
/// A is initialised as nn.Linear (and PEFT) initialise weights, kaiming-uniform with a = sqrt(5); B is zero,
/// so an adapter changes nothing until it has been trained.
/// </remarks>
public sealed class LoraAdapter
{
    internal LoraAdapter(string name, Linear target, LoraOptions options)
    {
        Name = name;
        Target = target;
        Scale = options.Scale;
        var device = target.weight!.device;
        long outFeatures = target.weight.shape[0], inFeatures = target.weight.shape[1];
        A = nn.Linear(inFeatures, options.Rank, hasBias: false, device: device);
        B = nn.Linear(options.Rank, outFeatures, hasBias: false, device: device);
        using (no_grad())
            B.weight!.zero_();
        DropoutModule = options.Dropout > 0 ? nn.Dropout(options.Dropout) : null;
        DropoutProbability = options.Dropout;
    }

    /// <summary>The projection's module name, e.g. <c>model.layers.0.self_attn.q_proj</c>.</summary>
    public string Name { get; }

    /// <summary>The frozen projection this adapter adds to.</summary>
    public Linear Target { get; }

    /// <summary>The down-projection A, weight [r, in].</summary>
    public Linear A { get; }

    /// <summary>The up-projection B, weight [out, r].</summary>
    public Linear B { get; }

    /// <summary>Alpha / r.</summary>
    public double Scale { get; }

    internal Dropout? DropoutModule { get; }

    private double DropoutProbability { get; }

    /// <summary>The update B A dropout(x), scaled, for input x [..., in].</summary>
    public Tensor Delta(Tensor x)
    {
        var input = DropoutModule is null ? x : DropoutReplay.Apply(DropoutModule, DropoutProbability, x);
        return B.forward(A.forward(input)).mul_(Scale);
    }

    /// <summary>The dense update (alpha / r) B A, shape [out, in], as added to the weight when merging.</summary>
    public Tensor DenseDelta() => B.weight!.matmul(A.weight!).mul_(Scale);
}
