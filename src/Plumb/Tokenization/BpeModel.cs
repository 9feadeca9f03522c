using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Plumb.Tokenization;

/// <summary>A BPE model: a vocabulary, ranked merges, and the rules for characters outside the vocabulary.</summary>
internal sealed class BpeModel
{
    private const int CacheLimit = 200_000;

    private readonly Dictionary<string, int> _vocab;
    private readonly Dictionary<long, (int Rank, int NewId)> _merges;
    private readonly ConcurrentDictionary<string, int[]> _cache = new();
    private readonly int[] _charIds;   // ids of single-character tokens of the Basic Multilingual Plane, or -1
    private readonly int? _unkId;
    private readonly int[]? _byteIds;

    public BpeModel(Dictionary<string, int> vocab, IReadOnlyList<(string Left, string Right)> merges,
        BpeModelOptions options, string file)
    {
        _vocab = vocab;
        Options = options;
        _charIds = BuildCharIds(vocab);
        _merges = BuildMerges(vocab, merges, options.ContinuingSubwordPrefix, file);
        _unkId = options.UnkToken is { } unk ? LookupRequired(unk, "model.unk_token", file) : null;
        _byteIds = options.ByteFallback ? BuildByteIds(vocab, file) : null;
    }

    public BpeModelOptions Options { get; }

    public IReadOnlyDictionary<string, int> Vocab => _vocab;

    /// <summary>Appends the ids of one pre-tokenized word to <paramref name="output"/>.</summary>
    public void Tokenize(string word, List<int> output, bool cache = true)
    {
        if (word.Length == 0) return;
        if (_cache.TryGetValue(word, out var cached))
        {
            output.AddRange(cached);
            return;
        }
        var ids = Options.IgnoreMerges && _vocab.TryGetValue(word, out int whole) ? [whole] : Merge(word);
        if (cache)
        {
            if (_cache.Count >= CacheLimit) _cache.Clear();
            _cache[word] = ids;
        }
        output.AddRange(ids);
    }

    private int[] Merge(string word)
    {
        var symbols = InitialSymbols(word);
        if (symbols.Count < 2) return [.. symbols];

        // Linked list of live symbols; a heap of candidate merges ordered by (rank, position), as HF does.
        int n = symbols.Count;
        var ids = symbols.ToArray();
        var next = new int[n];
        var prev = new int[n];
        for (int i = 0; i < n; i++) { next[i] = i + 1 < n ? i + 1 : -1; prev[i] = i - 1; }
        var heap = new PriorityQueue<int, long>();
        for (int i = 0; i + 1 < n; i++) Push(heap, ids, i, i + 1);

        while (heap.TryDequeue(out int pos, out long priority))
        {
            int right = next[pos];
            if (ids[pos] < 0 || right < 0) continue;
            if (!_merges.TryGetValue(PairKey.Of(ids[pos], ids[right]), out var m) || m.Rank != (int)(priority >> 32))
                continue;
            ids[pos] = m.NewId;
            ids[right] = -1;
            next[pos] = next[right];
            if (next[right] >= 0) prev[next[right]] = pos;
            if (prev[pos] >= 0) Push(heap, ids, prev[pos], pos);
            if (next[pos] >= 0) Push(heap, ids, pos, next[pos]);
        }
        var result = new List<int>(n);
        for (int i = 0; i >= 0; i = next[i]) result.Add(ids[i]);
        return [.. result];
    }

    private void Push(PriorityQueue<int, long> heap, int[] ids, int left, int right)
    {
        if (_merges.TryGetValue(PairKey.Of(ids[left], ids[right]), out var m))
            heap.Enqueue(left, ((long)m.Rank << 32) | (uint)left);
    }

    private List<int> InitialSymbols(string word)
    {
        var symbols = new List<int>(word.Length);
        bool lastWasUnk = false;
        var runes = word.EnumerateRunes().ToArray();
        bool plain = Options.ContinuingSubwordPrefix is null && Options.EndOfWordSuffix is null;
        for (int i = 0; i < runes.Length; i++)
        {
            if (plain && runes[i].IsBmp && _charIds[runes[i].Value] is >= 0 and int known)
            {
                symbols.Add(known);
                lastWasUnk = false;
                continue;
            }
            string s = runes[i].ToString();
            if (i > 0 && Options.ContinuingSubwordPrefix is { } prefix) s = prefix + s;
            if (i == runes.Length - 1 && Options.EndOfWordSuffix is { } suffix) s += suffix;
            if (_vocab.TryGetValue(s, out int id)) { symbols.Add(id); lastWasUnk = false; continue; }
            if (_byteIds is not null)
            {
                foreach (byte b in Encoding.UTF8.GetBytes(runes[i].ToString())) symbols.Add(_byteIds[b]);
                lastWasUnk = false;
                continue;
            }
            if (_unkId is not { } unk) throw Unrepresentable(runes[i]);
            if (!(Options.FuseUnk && lastWasUnk)) symbols.Add(unk);
            lastWasUnk = true;
        }
        return symbols;
    }

    private static PlumbException Unrepresentable(Rune rune) => new(
        $"The text contains '{rune}' (U+{rune.Value:X4}), which this tokenizer.json cannot represent: " +
        "it is not in model.vocab, and the model has neither byte_fallback nor an unk_token. " +
        "Remove the character from the data or use the model's own tokenizer.");

    private static int[] BuildCharIds(Dictionary<string, int> vocab)
    {
        var ids = new int[char.MaxValue + 1];
        Array.Fill(ids, -1);
        foreach (var (token, id) in vocab)
            if (token.Length == 1 && !char.IsSurrogate(token[0])) ids[token[0]] = id;
        return ids;
    }

    private int LookupRequired(string token, string field, string file) =>
        _vocab.TryGetValue(token, out int id)
            ? id : throw JsonFields.Error(file, field, $"names '{token}', which is not in model.vocab");

    private static int[] BuildByteIds(Dictionary<string, int> vocab, string file)
    {
        var ids = new int[256];
        for (int b = 0; b < 256; b++)
        {
            string token = string.Create(CultureInfo.InvariantCulture, $"<0x{b:X2}>");
            if (!vocab.TryGetValue(token, out ids[b]))
                throw JsonFields.Error(file, "model.byte_fallback",
                    $"is true but model.vocab lacks the byte token {token}; byte fallback needs all 256");
        }
        return ids;
    }

    private static Dictionary<long, (int, int)> BuildMerges(Dictionary<string, int> vocab,
        IReadOnlyList<(string Left, string Right)> merges, string? prefix, string file)
    {
        var table = new Dictionary<long, (int, int)>(merges.Count, PairKey.Comparer);
        for (int rank = 0; rank < merges.Count; rank++)
        {
            var (left, right) = merges[rank];
            string rightPart = prefix is { Length: > 0 } && right.StartsWith(prefix, StringComparison.Ordinal)
                ? right[prefix.Length..] : right;
            if (!vocab.TryGetValue(left, out int a) || !vocab.TryGetValue(right, out int b)
                || !vocab.TryGetValue(left + rightPart, out int merged))
                throw JsonFields.Error(file, $"model.merges[{rank}]",
                    $"('{left}' '{right}') uses a token that is not in model.vocab");
            table.TryAdd(PairKey.Of(a, b), (rank, merged));
        }
        return table;
    }
}
