namespace Plumb.Tokenization;

/// <summary>Packs a pair of token ids into one long, with a hash that spreads small ids well.</summary>
internal sealed class PairKey : IEqualityComparer<long>
{
    /// <summary>The shared comparer; long's own hash (high ^ low) collides for every pair of small ids.</summary>
    public static readonly PairKey Comparer = new();

    public static long Of(int left, int right) => ((long)left << 32) | (uint)right;

    public bool Equals(long x, long y) => x == y;

    public int GetHashCode(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> 32);
}
