using System.Text.RegularExpressions;

namespace Plumb.Tokenization;

/// <summary>
/// Learns a byte-level BPE vocabulary from text, deterministically: each step merges the most frequent
/// adjacent pair, ties going to the pair whose two tokens come first in ordinal order.
/// </summary>
public static class BpeTrainer
{
    private static readonly Regex Words = new(ByteLevelAlphabet.Gpt2Pattern, RegexOptions.Compiled);

    /// <summary>Learns up to <c>options.Merges</c> merges from <paramref name="corpus"/>.</summary>
    public static TrainedBpe Train(IEnumerable<string> corpus, BpeTrainerOptions options)
    {
        options.Validate();
        var tokens = Enumerable.Range(0, 256).Select(b => ByteLevelAlphabet.ByteToChar[b].ToString()).ToList();
        var state = new PairStatistics(CountWords(corpus, options.SpecialTokens), tokens);
        var merges = new List<(string, string)>();
        while (merges.Count < options.Merges && state.TryTakeBest(options.MinFrequency, out int left, out int right))
        {
            tokens.Add(tokens[left] + tokens[right]);
            merges.Add((tokens[left], tokens[right]));
            state.Merge(left, right, tokens.Count - 1);
        }
        return new TrainedBpe(tokens, merges, options);
    }

    // Special tokens written in the corpus are cut out, so that no merge learns their pieces.
    private static Dictionary<string, int> CountWords(IEnumerable<string> corpus, IReadOnlyList<string> specials)
    {
        var matcher = new AddedTokenMatcher(specials.Select((s, i) => new AddedToken(i, s, true)));
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string text in corpus)
            foreach (var (segment, id, _) in matcher.Split(text))
                if (id is null)
                    foreach (Match m in Words.Matches(segment))
                        counts[m.Value] = counts.GetValueOrDefault(m.Value) + 1;
        return counts;
    }
}
