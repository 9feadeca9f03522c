namespace Plumb.Diagnostics;

/// <summary>How one probe pair's log-probs moved since step 0 (nats, summed over response tokens).</summary>
/// <remarks>MarginChange is the change of log pi(chosen) - log pi(rejected); with the step-0 policy as the
/// reference it equals the DPO margin.</remarks>
public sealed record PairDisplacement(int Index, double ChosenChange, double RejectedChange, double MarginChange);

/// <summary>Log-prob changes of a probe set since step 0, and the share of pairs whose chosen log-prob fell.</summary>
public sealed record DisplacementSummary(
    IReadOnlyList<PairDisplacement> Pairs,
    double MeanChosenChange,
    double MeanRejectedChange,
    double MeanMarginChange,
    double FractionChosenFell);
