using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Training;

/// <summary>
/// TR-DPO's reference update: every <c>Every</c> steps, ref ← α·policy + (1−α)·ref (α = 1 copies).
/// Gorbatovski et al., "Learn Your Reference Model for Real Good Alignment", arXiv:2404.09656.
/// </summary>
/// <param name="Every">Optimizer steps between updates (τ).</param>
/// <param name="Alpha">Mixing weight α in [0, 1].</param>
public sealed record ReferenceSync(int Every, double Alpha)
{
    /// <summary>Updates the reference when <paramref name="step"/> is a multiple of <see cref="Every"/>.</summary>
    /// <returns>True when an update happened.</returns>
    public bool MaybeSync(int step, nn.Module reference, nn.Module policy)
    {
        if (Every <= 0 || step % Every != 0)
            return false;
        Mix(reference, policy, Alpha);
        return true;
    }

    /// <summary>Sets every reference parameter and buffer to α·policy + (1−α)·reference, in place.</summary>
    /// <exception cref="PlumbException">The two models do not have the same tensor names and shapes.</exception>
    public static void Mix(nn.Module reference, nn.Module policy, double alpha)
    {
        if (alpha is < 0 or > 1)
            throw new PlumbException($"ref_model_mixup_alpha must lie in [0, 1], got {alpha}.");
        var source = policy.state_dict();
        using var _ = torch.no_grad();
        foreach (var (name, target) in reference.state_dict())
        {
            if (!source.TryGetValue(name, out var value) || !value.shape.SequenceEqual(target.shape))
                throw new PlumbException($"Reference sync: the policy has no tensor '{name}' of shape "
                    + $"[{string.Join(", ", target.shape)}]; the reference must share the policy's architecture.");
            if (!target.is_floating_point())
                continue;
            if (alpha == 1.0)
                target.copy_(value);
            else
                target.mul_(1 - alpha).add_(value, alpha: alpha);
        }
    }
}
