namespace Plumb.Diagnostics;

/// <summary>Levenshtein distance over token ids, the edit-distance baseline of Razin et al. (arXiv 2410.08847).
/// </summary>
public static class TokenEditDistance
{
    /// <summary>The fewest insertions, deletions and substitutions that turn one id sequence into the other.
    /// </summary>
    public static int Levenshtein(ReadOnlySpan<long> a, ReadOnlySpan<long> b)
    {
        // Two rolling rows of the dynamic-programming table are enough.
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitute, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    /// <summary>Levenshtein distance divided by the longer length, in [0, 1]; 0 when both are empty.</summary>
    public static double Normalised(ReadOnlySpan<long> a, ReadOnlySpan<long> b)
    {
        int longer = Math.Max(a.Length, b.Length);
        return longer == 0 ? 0.0 : (double)Levenshtein(a, b) / longer;
    }
}
