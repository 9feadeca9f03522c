using System.Globalization;
namespace Plumb.Diagnostics;

/// <summary>
/// Keeps a window of pairs ranked by CHES and removes the rest, as Razin et al. 2024 (arXiv 2410.08847, Sec. 6) do.
/// </summary>
/// <remarks>
/// Pairs are sorted by ascending score (ties by index), and a window of ceil(KeepFraction * N) sorted positions
/// is kept, centred on round(Quantile * (N - 1)) with round-half-to-even and shifted to stay inside the list,
/// following the official code's quantile slice. With the defaults this keeps the 5% lowest LN-CHES pairs.
/// </remarks>
public sealed class ChesFilter
{
    private readonly ChesFilterOptions _options;

    public ChesFilter(ChesFilterOptions? options = null)
    {
        _options = options ?? new ChesFilterOptions();
        _options.Validate();
    }

    /// <summary>Filters pairs by their similarity scores, one per pair in dataset order.</summary>
    public ChesFilterResult Apply(IReadOnlyList<PairSimilarity> scores) =>
        Apply(scores.Select(s => _options.Measure == ChesMeasure.Ches ? s.Ches : s.LengthNormalisedChes).ToList());

    /// <summary>Filters pairs by precomputed scores of the configured measure, one per pair in dataset order.</summary>
    public ChesFilterResult Apply(IReadOnlyList<double> scores)
    {
        int n = scores.Count;
        if (n == 0)
            return new ChesFilterResult([], []);
        int keep = Math.Min(n, (int)Math.Ceiling(_options.KeepFraction * n - 1e-9));
        keep = Math.Max(1, keep);
        int[] order = Enumerable.Range(0, n).OrderBy(i => scores[i]).ThenBy(i => i).ToArray();
        var (start, end) = QuantileWindow(n, _options.Quantile, keep);

        var rank = new int[n];
        for (int r = 0; r < n; r++)
            rank[order[r]] = r;
        var kept = new HashSet<int>(order[start..end]);
        double low = scores[order[start]];
        double high = scores[order[end - 1]];
        string name = _options.Measure == ChesMeasure.Ches ? "CHES" : "LN-CHES";
        var removed = new List<RemovedPair>();
        for (int i = 0; i < n; i++)
        {
            if (kept.Contains(i))
                continue;
            string side = rank[i] >= end ? "above" : "below";
            removed.Add(new RemovedPair(i, scores[i], string.Create(CultureInfo.InvariantCulture,
                $"{name} {scores[i]:G6} is {side} the kept window [{low:G6}, {high:G6}] "
                + $"({keep} of {n} pairs around percentile {_options.Quantile * 100:0.#}); "
                + $"similar chosen and rejected responses predict likelihood displacement.")));
        }
        return new ChesFilterResult(kept.Order().ToList(), removed);
    }

    /// <summary>The sorted positions [start, end) of a window of <paramref name="count"/> around quantile q.</summary>
    public static (int Start, int End) QuantileWindow(int n, double q, int count)
    {
        if (count < 1 || count > n)
            throw new ArgumentOutOfRangeException(nameof(count), $"window of {count} does not fit {n} items");
        int centre = (int)Math.Round(q * (n - 1), MidpointRounding.ToEven);
        int start = Math.Max(0, centre - count / 2);
        if (start + count > n)
            start = n - count;
        return (start, start + count);
    }
}
