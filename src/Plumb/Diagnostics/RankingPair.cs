namespace Plumb.Diagnostics;

/// <summary>Summed completion log-probs of one pair under the policy and the reference model.</summary>
/// <remarks>
/// PreferenceProbability is the share of raters preferring the chosen response (alpha in Chen et al.); null
/// when the data does not carry it, in which case the pair is treated as unanimous (alpha = 1).
/// </remarks>
public sealed record RankingPair(
    double PolicyChosen,
    double PolicyRejected,
    double ReferenceChosen,
    double ReferenceRejected,
    double? PreferenceProbability = null);
