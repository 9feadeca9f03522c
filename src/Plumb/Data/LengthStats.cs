namespace Plumb.Data;

/// <summary>
/// Length percentiles in bounded memory: exact count and maximum, percentiles from a fixed-size uniform reservoir
/// (Vitter's algorithm R), exact while fewer values than the reservoir holds have been seen.
/// </summary>
public sealed class LengthStats(int capacity = 8192, int seed = 0)
{
    private readonly int[] _reservoir = new int[capacity];
    private readonly SplitMix64 _random = new((ulong)(uint)seed);

    /// <summary>Values seen.</summary>
    public long Count { get; private set; }

    /// <summary>Largest value seen, exactly.</summary>
    public int Max { get; private set; }

    /// <summary>Adds one length.</summary>
    public void Add(int length)
    {
        Max = Count == 0 ? length : Math.Max(Max, length);
        if (Count < _reservoir.Length)
        {
            _reservoir[Count] = length;
        }
        else
        {
            long j = (long)(_random.Next() % (ulong)(Count + 1));
            if (j < _reservoir.Length)
                _reservoir[j] = length;
        }
        Count++;
    }

    /// <summary>The nearest-rank percentile <paramref name="p"/> in [0, 100], or 0 when empty.</summary>
    public int Percentile(double p)
    {
        int n = (int)Math.Min(Count, _reservoir.Length);
        if (n == 0)
            return 0;
        var sorted = _reservoir[..n];
        Array.Sort(sorted);
        int rank = (int)Math.Ceiling(p / 100 * n);
        return sorted[Math.Clamp(rank - 1, 0, n - 1)];
    }
}
