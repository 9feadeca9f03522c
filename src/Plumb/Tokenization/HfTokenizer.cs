using System.Globalization;

namespace Plumb.Tokenization;

/// <summary>
/// A Hugging Face <c>tokenizer.json</c> BPE tokenizer (byte-level or metaspace with byte fallback), with
/// its own small BPE: Microsoft.ML.Tokenizers cannot load a BPE <c>tokenizer.json</c>, lacks byte fallback,
/// Metaspace and <c>ignore_merges</c> for BPE, and ignores the decoder, so wrapping it would save little.
/// </summary>
public sealed class HfTokenizer : ITokenizer
{
    private const int CachedWordLength = 128;

    private readonly TokenizerParts _parts;
    private readonly AddedTokenMatcher _matcher;
    private readonly string?[] _tokens;
    private readonly bool[] _isAdded;
    private readonly bool _prependsEverySegment;

    private HfTokenizer(TokenizerParts parts, Func<HfTokenizer, SpecialTokens> special)
    {
        _parts = parts;
        _matcher = new AddedTokenMatcher(parts.AddedTokens);
        int size = Math.Max(parts.Model.Vocab.Values.DefaultIfEmpty(-1).Max(),
            parts.AddedTokens.Select(t => t.Id).DefaultIfEmpty(-1).Max()) + 1;
        _tokens = new string?[size];
        _isAdded = new bool[size];
        foreach (var (token, id) in parts.Model.Vocab) _tokens[id] = token;
        foreach (var added in parts.AddedTokens) (_tokens[added.Id], _isAdded[added.Id]) = (added.Content, true);
        _prependsEverySegment = ProbePrepend(parts);
        Special = special(this);
    }

    public int VocabSize => _tokens.Length;

    public SpecialTokens Special { get; }

    /// <summary>Loads <c>tokenizer.json</c> and the special tokens of the model folder.</summary>
    /// <remarks>
    /// BOS, EOS and pad come from the first of <c>tokenizer_config.json</c>, <c>special_tokens_map.json</c>,
    /// <c>generation_config.json</c>, <c>config.json</c> that names them; pad falls back to EOS. AddBos is
    /// <c>add_bos_token</c>, else whether the post-processor writes a special token first. The result is
    /// safe to share between threads.
    /// </remarks>
    public static HfTokenizer Load(string modelDir)
    {
        string path = Path.Combine(modelDir, "tokenizer.json");
        if (!File.Exists(path))
            throw new PlumbException($"No tokenizer.json in '{modelDir}'. Plumb reads Hugging Face tokenizers from " +
                "tokenizer.json; save one with tokenizer.save_pretrained(...) or copy it from the model repository.");
        var parts = TokenizerJsonReader.Read(path);
        return new HfTokenizer(parts, self =>
            SpecialTokensReader.Read(modelDir, self.TokenToId, self.IdToToken, parts.TemplateBos));
    }

    /// <summary>The id of a token string, added tokens first, or null when there is none.</summary>
    public int? TokenToId(string token)
    {
        var added = _parts.AddedTokens.LastOrDefault(t => t.Content == token);
        if (added is not null) return added.Id;
        return _parts.Model.Vocab.TryGetValue(token, out int id) ? id : null;
    }

    public int[] Encode(string text)
    {
        var ids = new List<int>(text.Length / 3 + 4);
        foreach (var (segment, addedId, start) in _matcher.Split(text))
        {
            if (addedId is { } id) { ids.Add(id); continue; }
            string normalized = _parts.Normalizer?.Apply(segment) ?? segment;
            var words = _parts.PreTokenizer?.Apply([normalized], start == 0) ?? [normalized];
            foreach (string word in words) _parts.Model.Tokenize(word, ids, word.Length <= CachedWordLength);
        }
        return [.. ids];
    }

    /// <summary>
    /// Decodes runs of model tokens through the decoder and writes added tokens verbatim, so that a leading
    /// space the encoder added after an added token is removed again.
    /// </summary>
    public string Decode(IEnumerable<int> ids)
    {
        var text = new System.Text.StringBuilder();
        var run = new List<string>();
        int position = 0, runStart = 0;
        foreach (int id in ids)
        {
            string token = IdToToken(id) ?? throw new PlumbException(string.Create(CultureInfo.InvariantCulture,
                $"Cannot decode id {id}: this tokenizer's ids run from 0 to {VocabSize - 1}."));
            if (_isAdded[id])
            {
                Flush(run, runStart == 0 || _prependsEverySegment, text);
                text.Append(token);
                runStart = position + 1;
            }
            else run.Add(token);
            position++;
        }
        Flush(run, runStart == 0 || _prependsEverySegment, text);
        return text.ToString();
    }

    public string? IdToToken(int id) => id >= 0 && id < _tokens.Length ? _tokens[id] : null;

    // Whether text after an added token also gets a prefix (Llama 2's Prepend normalizer does; Metaspace
    // with prepend_scheme "first" does not): encode "a" as if it followed an added token and look.
    private static bool ProbePrepend(TokenizerParts parts)
    {
        string normalized = parts.Normalizer?.Apply("a") ?? "a";
        var words = parts.PreTokenizer?.Apply([normalized], atStart: false) ?? [normalized];
        return words.Count > 0 && words[0].Length > 1;
    }

    private void Flush(List<string> run, bool atStart, System.Text.StringBuilder text)
    {
        if (run.Count == 0) return;
        var decoded = _parts.Decoder?.Apply(run, atStart);
        text.Append(decoded is null ? string.Join(' ', run) : string.Concat(decoded));
        run.Clear();
    }
}
