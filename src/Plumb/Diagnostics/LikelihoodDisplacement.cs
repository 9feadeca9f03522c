using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Diagnostics;

/// <summary>
/// Likelihood displacement: the chosen response losing probability during preference training,
/// Razin et al. 2024 (arXiv 2410.08847).
/// </summary>
public static class LikelihoodDisplacement
{
    /// <summary>Compares a probe set's summed log-probs now against step 0, pair by pair.</summary>
    public static DisplacementSummary Compare(
        IReadOnlyList<double> chosenAtStart,
        IReadOnlyList<double> rejectedAtStart,
        IReadOnlyList<double> chosenNow,
        IReadOnlyList<double> rejectedNow)
    {
        int n = chosenAtStart.Count;
        if (rejectedAtStart.Count != n || chosenNow.Count != n || rejectedNow.Count != n)
            throw new ArgumentException(
                $"probe log-probs differ in length: {n}, {rejectedAtStart.Count}, {chosenNow.Count}, "
                + $"{rejectedNow.Count}; pass one value per probe pair in the same order.");
        if (n == 0)
            throw new ArgumentException("the probe set is empty; pass at least one pair");

        var pairs = new PairDisplacement[n];
        for (int i = 0; i < n; i++)
        {
            double chosen = chosenNow[i] - chosenAtStart[i];
            double rejected = rejectedNow[i] - rejectedAtStart[i];
            pairs[i] = new PairDisplacement(i, chosen, rejected, chosen - rejected);
        }
        return new DisplacementSummary(
            pairs,
            pairs.Average(p => p.ChosenChange),
            pairs.Average(p => p.RejectedChange),
            pairs.Average(p => p.MarginChange),
            pairs.Count(p => p.ChosenChange < 0) / (double)n);
    }

    /// <summary>Tensor form of <c>Compare</c>: four 1-D tensors of any float dtype, on any device.</summary>
    public static DisplacementSummary CompareTensors(
        Tensor chosenAtStart, Tensor rejectedAtStart, Tensor chosenNow, Tensor rejectedNow) =>
        Compare(ToDoubles(chosenAtStart), ToDoubles(rejectedAtStart), ToDoubles(chosenNow), ToDoubles(rejectedNow));

    /// <summary>
    /// The k tokens whose probability rose most between two next-token distributions [V] at the first response
    /// position, largest rise first; the view Razin et al. use for single-token responses.
    /// </summary>
    public static IReadOnlyList<TokenShift> TopIncreases(Tensor probsBefore, Tensor probsAfter, int k = 10)
    {
        if (!probsBefore.shape.SequenceEqual(probsAfter.shape) || probsBefore.dim() != 1)
            throw new ArgumentException(
                $"expected two probability vectors [V] of equal size; got [{string.Join(", ", probsBefore.shape)}]"
                + $" and [{string.Join(", ", probsAfter.shape)}]");
        double[] before = ToDoubles(probsBefore);
        double[] after = ToDoubles(probsAfter);
        return Enumerable.Range(0, before.Length)
            .Select(i => new TokenShift(i, before[i], after[i]))
            .OrderByDescending(s => s.Increase).ThenBy(s => s.TokenId)
            .Take(Math.Min(k, before.Length))
            .ToList();
    }

    internal static double[] ToDoubles(Tensor values)
    {
        using var _ = torch.no_grad();
        using var flat = values.detach().to(ScalarType.Float64).cpu().contiguous().flatten();
        return flat.data<double>().ToArray();
    }
}
