namespace Plumb.Diagnostics;

/// <summary>The chosen and rejected log-prob gradients of one pair, reduced to inner product and norms.</summary>
/// <remarks>
/// After one DPO step, d log pi(chosen) ~ C (|g_c|^2 - &lt;g_c, g_r&gt;) and d log pi(rejected) ~
/// C (&lt;g_c, g_r&gt; - |g_r|^2) with C &gt; 0 (Yuan et al., Eqs. 4-5).
/// </remarks>
public sealed record PairEntanglement(double InnerProduct, double ChosenNormSquared, double RejectedNormSquared)
{
    /// <summary>Cosine of the angle between the two gradients; 0 when either is zero.</summary>
    public double Cosine =>
        ChosenNormSquared == 0 || RejectedNormSquared == 0
            ? 0
            : InnerProduct / Math.Sqrt(ChosenNormSquared * RejectedNormSquared);

    /// <summary>&lt;g_c, g_r&gt; / min(|g_c|^2, |g_r|^2); both log-probs move the right way iff this is below 1.
    /// </summary>
    public double ConditionRatio => InnerProduct / Math.Min(ChosenNormSquared, RejectedNormSquared);

    /// <summary>Whether a DPO step raises log pi(chosen) to first order: &lt;g_c, g_r&gt; &lt; |g_c|^2.</summary>
    public bool ChosenRises => InnerProduct < ChosenNormSquared;

    /// <summary>Whether a DPO step lowers log pi(rejected) to first order: &lt;g_c, g_r&gt; &lt; |g_r|^2.</summary>
    public bool RejectedFalls => InnerProduct < RejectedNormSquared;

    /// <summary>True when the condition fails: the two log-probs would move together, not apart.</summary>
    public bool Entangled => !(ChosenRises && RejectedFalls);
}
