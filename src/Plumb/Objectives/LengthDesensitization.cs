using static TorchSharp.torch;

namespace Plumb.Objectives;

/// <summary>Which log-probs LD-DPO desensitises.</summary>
public enum LdScope
{
    /// <summary>Policy and reference alike (TRL 0.29+).</summary>
    PolicyAndReference,

    /// <summary>The policy only (TRL 0.28 and LLaMA-Factory).</summary>
    PolicyOnly,
}

/// <summary>
/// LD-DPO: tokens past the shorter completion's length count with weight alpha, damping DPO's length bias.
/// Liu et al. 2024, "Length Desensitization in Direct Preference Optimization", https://arxiv.org/abs/2409.06411.
/// </summary>
/// <remarks>
/// <c>log p = sum_{t &lt;= l_p} log p_t + alpha sum_{t > l_p} log p_t</c> with <c>l_p = min(|y_w|, |y_l|)</c>,
/// counted over completion tokens; the inner objective then sees these sums. Whether the paper also rescales the
/// reference could not be confirmed; the default follows TRL 0.29+ (both), <see cref="LdScope.PolicyOnly"/>
/// follows TRL 0.28 and LLaMA-Factory.
/// </remarks>
public sealed class LengthDesensitization : IPreferenceObjective
{
    private readonly IPreferenceObjective _inner;
    private readonly double _alpha;
    private readonly LdScope _scope;

    /// <param name="inner">The objective that reads the desensitised sums.</param>
    /// <param name="alpha">TRL's <c>ld_alpha</c> in [0, 1]; 1 leaves the sums unchanged.</param>
    /// <param name="scope">Which log-probs to rescale. The default value is policy and reference.</param>
    public LengthDesensitization(IPreferenceObjective inner, double alpha, LdScope scope = LdScope.PolicyAndReference)
    {
        if (!(alpha >= 0.0 && alpha <= 1.0))
            throw new PlumbException($"ld_alpha must be in [0, 1]; got {alpha}.");
        (_inner, _alpha, _scope) = (inner, alpha, scope);
        Info = inner.Info with
        {
            Description = inner.Info.Description + $", LD-DPO alpha {alpha}",
            Needs = inner.Info.Needs | ObjectiveNeeds.TokenLogProbs,
        };
    }

    public ObjectiveInfo Info { get; }

    public ObjectiveOutput Compute(PreferenceLogProbs logProbs, ObjectiveState state)
    {
        var t = logProbs.Tokens ?? throw new PlumbException(
            $"LD-DPO (ld_alpha) on '{_inner.Info.Name}' needs per-token log-probs and masks in the batch.");
        var (chosenWeights, rejectedWeights) =
            TokenWeights(t.ChosenMask, t.RejectedMask, _alpha, t.PolicyChosen.dtype);
        var desensitised = logProbs with
        {
            PolicyChosen = Weighted(t.PolicyChosen, chosenWeights),
            PolicyRejected = Weighted(t.PolicyRejected, rejectedWeights),
        };
        // TODO(#4): confirm from the LD-DPO paper whether the reference is desensitised too (TRL changed this).
        if (_scope == LdScope.PolicyAndReference && logProbs.HasReference)
        {
            if (t.ReferenceChosen is null || t.ReferenceRejected is null)
                throw new PlumbException(
                    "LD-DPO on policy and reference needs per-token reference log-probs; pass them with the batch, "
                    + "or desensitise the policy only (LdScope.PolicyOnly).");
            desensitised = desensitised with
            {
                ReferenceChosen = Weighted(t.ReferenceChosen, chosenWeights),
                ReferenceRejected = Weighted(t.ReferenceRejected, rejectedWeights),
            };
        }
        return _inner.Compute(desensitised, state);
    }

    /// <summary>Per-token weights: 1 up to the shared length, alpha beyond it, 0 off the completion.</summary>
    public static (Tensor Chosen, Tensor Rejected) TokenWeights(
        Tensor chosenMask, Tensor rejectedMask, double alpha, ScalarType dtype)
    {
        var chosen = chosenMask.to(dtype);
        var rejected = rejectedMask.to(dtype);
        var shared = minimum(chosen.sum(1), rejected.sum(1)).unsqueeze(1);
        return (Weights(chosen, shared, alpha), Weights(rejected, shared, alpha));
    }

    /// <summary>Weighted row sums; off-completion positions are skipped, not multiplied (0 * -inf is NaN).</summary>
    private static Tensor Weighted(Tensor tokenLogProbs, Tensor weights) =>
        where(weights > 0, tokenLogProbs * weights, zeros_like(tokenLogProbs)).sum(1);

    private static Tensor Weights(Tensor mask, Tensor shared, double alpha)
    {
        var position = mask.cumsum(1);
        return mask * where(position <= shared, ones_like(mask), full_like(mask, alpha));
    }
}
