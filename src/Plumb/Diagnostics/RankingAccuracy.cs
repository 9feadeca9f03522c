namespace Plumb.Diagnostics;

/// <summary>
/// Ranking accuracy and its idealised value, Chen et al. 2024 (arXiv 2405.19534, Def. 2.3, Thm 3.1, Thm 4.1).
/// </summary>
/// <remarks>
/// Ranking accuracy asks whether pi(chosen) &gt;= pi(rejected) on summed completion log-probs, which is not
/// TRL's <c>rewards/accuracies</c> (that compares the reference-adjusted rewards).
/// </remarks>
public static class RankingAccuracy
{
    /// <summary>The value that replaces 0 in alpha / (1 - alpha) for unanimous pairs (Chen et al., App. C.4).</summary>
    public const double UnanimousEpsilon = 0.001;

    /// <summary>Share of pairs with log pi(chosen) &gt;= log pi(rejected).</summary>
    public static double Compute(IReadOnlyList<double> chosenLogProbs, IReadOnlyList<double> rejectedLogProbs)
    {
        CheckSameLength(chosenLogProbs.Count, rejectedLogProbs.Count);
        return Enumerable.Range(0, chosenLogProbs.Count)
            .Average(i => chosenLogProbs[i] >= rejectedLogProbs[i] ? 1.0 : 0.0);
    }

    /// <summary>Length-normalised ranking accuracy: compares mean token log-probs (1 / perplexity).</summary>
    public static double ComputeLengthNormalised(
        IReadOnlyList<double> chosenLogProbs, IReadOnlyList<double> rejectedLogProbs,
        IReadOnlyList<int> chosenLengths, IReadOnlyList<int> rejectedLengths)
    {
        CheckSameLength(chosenLogProbs.Count, rejectedLogProbs.Count);
        CheckSameLength(chosenLogProbs.Count, chosenLengths.Count);
        CheckSameLength(chosenLogProbs.Count, rejectedLengths.Count);
        if (chosenLengths.Concat(rejectedLengths).Any(n => n <= 0))
            throw new ArgumentException("every response length must be at least 1 token");
        return Enumerable.Range(0, chosenLogProbs.Count).Average(i =>
            chosenLogProbs[i] / chosenLengths[i] >= rejectedLogProbs[i] / rejectedLengths[i] ? 1.0 : 0.0);
    }

    /// <summary>Whether the optimal DPO policy for <paramref name="beta"/> ranks a pair correctly (Thm 3.1).</summary>
    /// <remarks>
    /// True iff (log pi_ref(chosen) - log pi_ref(rejected)) + (1/beta) log(alpha / (1 - alpha)) &gt; 0, with
    /// 1 - alpha replaced by 0.001 when alpha = 1 (and alpha by 0.001 when alpha = 0).
    /// </remarks>
    public static bool IdealRanked(double referenceChosen, double referenceRejected, double beta,
        double? preferenceProbability = null)
    {
        CheckBeta(beta);
        double alpha = preferenceProbability ?? 1.0;
        if (!(alpha >= 0 && alpha <= 1))
            throw new ArgumentException($"preference probability {alpha} must lie in [0, 1]");
        double odds = Math.Max(alpha, UnanimousEpsilon) / Math.Max(1 - alpha, UnanimousEpsilon);
        return referenceChosen - referenceRejected + Math.Log(odds) / beta > 0;
    }

    /// <summary>The DPO loss a pair must get below to be ranked correctly: -logsig(beta * c) (Thm 4.1).</summary>
    public static double LossThreshold(double referenceChosen, double referenceRejected, double beta)
    {
        CheckBeta(beta);
        return -LogSigmoid(beta * (referenceRejected - referenceChosen));
    }

    /// <summary>Ranking, idealised ranking, their gap and per-pair difficulty for a set of pairs.</summary>
    public static RankingReport Evaluate(IReadOnlyList<RankingPair> pairs, double beta)
    {
        CheckBeta(beta);
        if (pairs.Count == 0)
            throw new ArgumentException("no pairs to evaluate");
        var rows = pairs.Select((p, i) => new PairRanking(
            i,
            Ranked: p.PolicyChosen >= p.PolicyRejected,
            IdealRanked: IdealRanked(p.ReferenceChosen, p.ReferenceRejected, beta, p.PreferenceProbability),
            LossThreshold: LossThreshold(p.ReferenceChosen, p.ReferenceRejected, beta),
            DpoLoss: -LogSigmoid(beta * (p.PolicyChosen - p.ReferenceChosen
                - (p.PolicyRejected - p.ReferenceRejected))))).ToList();
        double accuracy = rows.Average(r => r.Ranked ? 1.0 : 0.0);
        double ideal = rows.Average(r => r.IdealRanked ? 1.0 : 0.0);
        return new RankingReport(beta, accuracy, ideal, ideal - accuracy, rows);
    }

    internal static double LogSigmoid(double z) =>
        z >= 0 ? -double.LogP1(Math.Exp(-z)) : z - double.LogP1(Math.Exp(z));

    private static void CheckBeta(double beta)
    {
        if (!(beta > 0))
            throw new ArgumentException($"beta {beta} must be positive");
    }

    private static void CheckSameLength(int a, int b)
    {
        if (a != b)
            throw new ArgumentException($"inputs differ in length ({a} and {b}); pass one value per pair");
        if (a == 0)
            throw new ArgumentException("no pairs given");
    }
}
