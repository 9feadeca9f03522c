using Plumb.Diagnostics;

namespace Plumb.Synthetic;

/// <summary>
/// How preference training moved a held-out set: ranking accuracy before and after (overall and per
/// <see cref="PairKind"/>), reward accuracy after, and the mean change of log π(chosen) and log π(rejected).
/// </summary>
/// <param name="RankingBefore">Share of pairs with log π(chosen) ≥ log π(rejected) before training.</param>
/// <param name="RankingAfter">The same after training.</param>
/// <param name="ByKind">The same measures per kind of pair.</param>
/// <param name="RewardAccuracy">TRL's <c>rewards/accuracies</c> after training: the share of pairs whose
/// chosen reward β(log π − log π_ref) exceeds the rejected one; 0 before training, when every reward is 0.</param>
/// <param name="MeanRewardMargin">Mean β × (change of chosen − change of rejected), TRL's rewards/margins.</param>
/// <param name="Displacement">Per-pair log-prob changes, with their means and the share whose chosen fell.</param>
/// <param name="MeanChosenBefore">Mean log π(chosen) before training (nats, summed over answer tokens).</param>
/// <param name="MeanRejectedBefore">Mean log π(rejected) before training.</param>
public sealed record HeldOutChange(
    double RankingBefore,
    double RankingAfter,
    IReadOnlyDictionary<PairKind, KindChange> ByKind,
    double RewardAccuracy,
    double MeanRewardMargin,
    DisplacementSummary Displacement,
    double MeanChosenBefore,
    double MeanRejectedBefore)
{
    /// <summary>Compares the scores of the same pairs before and after training, the reference being before.</summary>
    /// <param name="before">log π(chosen), log π(rejected) per pair under the starting model.</param>
    /// <param name="after">The same under the trained model.</param>
    /// <param name="kinds">Each pair's kind, or null where unknown.</param>
    /// <param name="beta">DPO's β, for the rewards.</param>
    public static HeldOutChange Compare((double[] Chosen, double[] Rejected) before,
        (double[] Chosen, double[] Rejected) after, IReadOnlyList<PairKind?> kinds, double beta)
    {
        if (kinds.Count != before.Chosen.Length)
            throw new ArgumentException($"{kinds.Count} kinds for {before.Chosen.Length} pairs; pass one per pair.");
        var displacement = LikelihoodDisplacement.Compare(before.Chosen, before.Rejected, after.Chosen, after.Rejected);
        var byKind = new Dictionary<PairKind, KindChange>();
        foreach (var kind in Enum.GetValues<PairKind>())
        {
            int[] rows = Enumerable.Range(0, kinds.Count).Where(i => kinds[i] == kind).ToArray();
            if (rows.Length > 0)
                byKind[kind] = new KindChange(rows.Length, Ranking(before, rows), Ranking(after, rows),
                    Margin(before, rows), Margin(after, rows), rows.Average(i => displacement.Pairs[i].ChosenChange));
        }
        int[] all = Enumerable.Range(0, before.Chosen.Length).ToArray();
        return new HeldOutChange(
            Ranking(before, all),
            Ranking(after, all),
            byKind,
            displacement.Pairs.Average(p => p.MarginChange > 0 ? 1.0 : 0.0),
            beta * displacement.MeanMarginChange,
            displacement,
            before.Chosen.Average(),
            before.Rejected.Average());
    }

    private static double Margin((double[] Chosen, double[] Rejected) scores, int[] rows) =>
        rows.Average(i => scores.Chosen[i] - scores.Rejected[i]);

    private static double Ranking((double[] Chosen, double[] Rejected) scores, int[] rows) =>
        RankingAccuracy.Compute(rows.Select(i => scores.Chosen[i]).ToList(),
            rows.Select(i => scores.Rejected[i]).ToList());
}
