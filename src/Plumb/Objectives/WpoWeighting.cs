using static TorchSharp.torch;

namespace Plumb.Objectives;

/// <summary>
/// WPO's per-pair weight: how likely the policy is to produce each response, as a detached multiplier.
/// Zhou et al. 2024, "WPO: Enhancing RLHF with Weighted Preference Optimization", https://arxiv.org/abs/2406.11827.
/// </summary>
/// <remarks>
/// Eq. 2 with the paper's aligned normalisation: <c>w(y) = exp(mean_t [log p(y_t) - log sum_v p(v)^2])</c> over
/// completion tokens; a pair's weight is <c>w(y_w) w(y_l)</c>, detached, multiplying the inner loss (TRL's
/// <c>use_weighting</c>, current form, without the old clamp at 1). Not defined for <c>aot</c>/<c>aot_unpaired</c>.
/// </remarks>
public sealed class WpoWeighting : IPreferenceObjective
{
    private readonly IPreferenceObjective _inner;

    public WpoWeighting(IPreferenceObjective inner)
    {
        if (inner.Info.Name is AotObjective.PairedName or AotObjective.UnpairedName)
            throw new PlumbException(
                $"WPO weighting (use_weighting) is not defined for '{inner.Info.Name}', whose losses are sorted; "
                + "turn weighting off or choose another objective.");
        _inner = inner;
        Info = inner.Info with
        {
            Description = inner.Info.Description + ", WPO-weighted",
            Needs = inner.Info.Needs | ObjectiveNeeds.TokenLogProbs,
        };
    }

    public ObjectiveInfo Info { get; }

    /// <summary><c>log sum_v p(v)^2</c> at each position from logits [..., V]: the WPO normaliser.</summary>
    public static Tensor LogSquareMass(Tensor logits) =>
        (2.0 * logits).logsumexp(-1) - 2.0 * logits.logsumexp(-1);

    /// <summary>The detached pair weights <c>w(y_w) w(y_l)</c>, [B].</summary>
    public static Tensor PairWeights(TokenLogProbs tokens)
    {
        if (tokens.ChosenLogSquareMass is null || tokens.RejectedLogSquareMass is null)
            throw new PlumbException(
                "WPO weighting needs log sum_v p(v)^2 per token (ChosenLogSquareMass/RejectedLogSquareMass); "
                + "compute it from the policy logits with WpoWeighting.LogSquareMass.");
        using var _ = no_grad();
        var chosen = Weight(tokens.PolicyChosen, tokens.ChosenLogSquareMass, tokens.ChosenMask);
        var rejected = Weight(tokens.PolicyRejected, tokens.RejectedLogSquareMass, tokens.RejectedMask);
        return (chosen * rejected).detach();
    }

    public ObjectiveOutput Compute(PreferenceLogProbs logProbs, ObjectiveState state)
    {
        var tokens = logProbs.Tokens ?? throw new PlumbException(
            $"WPO weighting of '{_inner.Info.Name}' needs per-token log-probs and masks in the batch.");
        var weights = PairWeights(tokens);
        var output = _inner.Compute(logProbs, state);
        var metrics = new Dictionary<string, Tensor>(output.Metrics) { ["wpo_weight"] = weights.mean() };
        return output with { Losses = output.Losses * weights, Metrics = metrics };
    }

    private static Tensor Weight(Tensor logProbs, Tensor logSquareMass, Tensor mask)
    {
        // where, not a product: padded positions may hold -inf or NaN, and 0 * -inf is NaN
        var onCompletion = mask > 0;
        var aligned = where(onCompletion, logProbs - logSquareMass, zeros_like(logProbs)).sum(1)
            / onCompletion.sum(1).to(logProbs.dtype).clamp_min(1.0);
        return aligned.exp();
    }
}
