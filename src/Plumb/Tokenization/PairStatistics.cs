using System.Text;

namespace Plumb.Tokenization;

/// <summary>Counts of adjacent token pairs over a weighted word list, kept current as pairs are merged.</summary>
internal sealed class PairStatistics
{
    private readonly List<int[]> _words = [];
    private readonly List<int> _weights = [];
    private readonly Dictionary<long, int> _counts = new(PairKey.Comparer);
    private readonly Dictionary<long, HashSet<int>> _where = new(PairKey.Comparer);
    private readonly PriorityQueue<long, (int Count, string Left, string Right)> _heap;
    private readonly List<string> _tokens;

    public PairStatistics(Dictionary<string, int> wordCounts, List<string> tokens)
    {
        _tokens = tokens;
        _heap = new PriorityQueue<long, (int, string, string)>(Comparer<(int Count, string Left, string Right)>
            .Create((a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count)
                : string.CompareOrdinal(a.Left, b.Left) is var c and not 0 ? c
                : string.CompareOrdinal(a.Right, b.Right)));
        foreach (var (word, count) in wordCounts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            _words.Add([.. Encoding.UTF8.GetBytes(word).Select(b => (int)b)]);
            _weights.Add(count);
        }
        for (int w = 0; w < _words.Count; w++) AddPairs(w, +1);
        foreach (var (pair, count) in _counts) Push(pair, count);
    }

    /// <summary>Takes the most frequent pair with at least <paramref name="minCount"/> occurrences.</summary>
    public bool TryTakeBest(int minCount, out int left, out int right)
    {
        // The heap holds stale entries; one is current when its count equals the pair's count now.
        while (_heap.TryDequeue(out long pair, out var entry))
        {
            if (_counts.GetValueOrDefault(pair) != entry.Count) continue;
            if (entry.Count < minCount) break;
            (left, right) = ((int)(pair >> 32), (int)pair);
            return true;
        }
        (left, right) = (-1, -1);
        return false;
    }

    /// <summary>Replaces every adjacent (left, right) in the words with <paramref name="merged"/>.</summary>
    public void Merge(int left, int right, int merged)
    {
        long key = PairKey.Of(left, right);
        if (!_where.Remove(key, out var words)) return;
        foreach (int w in words)
        {
            AddPairs(w, -1);
            _words[w] = Replace(_words[w], left, right, merged);
            AddPairs(w, +1);
        }
        _counts.Remove(key);
    }

    private static int[] Replace(int[] symbols, int left, int right, int merged)
    {
        var output = new List<int>(symbols.Length);
        for (int i = 0; i < symbols.Length; i++)
        {
            if (i + 1 < symbols.Length && symbols[i] == left && symbols[i + 1] == right)
            {
                output.Add(merged);
                i++;
            }
            else output.Add(symbols[i]);
        }
        return [.. output];
    }

    private void AddPairs(int w, int sign)
    {
        var symbols = _words[w];
        var touched = new HashSet<long>(PairKey.Comparer);
        for (int i = 0; i + 1 < symbols.Length; i++)
        {
            long pair = PairKey.Of(symbols[i], symbols[i + 1]);
            _counts[pair] = _counts.GetValueOrDefault(pair) + sign * _weights[w];
            touched.Add(pair);
            if (sign > 0)
            {
                if (!_where.TryGetValue(pair, out var set)) _where[pair] = set = [];
                set.Add(w);
            }
        }
        foreach (long pair in touched) Push(pair, _counts[pair]);
    }

    private void Push(long pair, int count)
    {
        if (count > 0) _heap.Enqueue(pair, (count, _tokens[(int)(pair >> 32)], _tokens[(int)pair]));
    }
}
