namespace Plumb.Diagnostics;

/// <summary>How one pair ranks now, how it would rank under the optimal policy, and how hard it is to flip.</summary>
/// <remarks>
/// LossThreshold is -logsig(Beta * c) with c = log pi_ref(rejected) - log pi_ref(chosen): the DPO loss below which
/// the policy ranks the pair correctly (Chen et al., Thm 4.1). DpoLoss is the pair's current DPO loss.
/// </remarks>
public sealed record PairRanking(int Index, bool Ranked, bool IdealRanked, double LossThreshold, double DpoLoss);

/// <summary>Ranking accuracy of a policy, its idealised value under the optimal DPO policy, and the gap.</summary>
/// <remarks>Gap is IdealisedRankingAccuracy - RankingAccuracy, the alignment gap of Chen et al.</remarks>
public sealed record RankingReport(
    double Beta,
    double RankingAccuracy,
    double IdealisedRankingAccuracy,
    double Gap,
    IReadOnlyList<PairRanking> Pairs);
