using static TorchSharp.torch;

namespace Plumb.Objectives;

/// <summary>One batch's log-ratios and their f-divergence scores.</summary>
/// <param name="ChosenRatio">Chosen log-ratio <c>log pi(y_w) - log pi_ref(y_w)</c>, [B].</param>
/// <param name="RejectedRatio">Rejected log-ratio, [B].</param>
/// <param name="ChosenScore">The chosen log-ratio's f-score (equal to it under reverse KL).</param>
/// <param name="RejectedScore">The rejected log-ratio's f-score.</param>
internal readonly record struct PairTerms(
    Tensor ChosenRatio, Tensor RejectedRatio, Tensor ChosenScore, Tensor RejectedScore)
{
    /// <summary>The DPO margin <c>h</c> under the f-divergence.</summary>
    public Tensor Margin => ChosenScore - RejectedScore;
}
