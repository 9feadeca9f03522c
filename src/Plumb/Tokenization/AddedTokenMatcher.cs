using System.Text.RegularExpressions;

namespace Plumb.Tokenization;

/// <summary>Cuts text into plain segments and added tokens, preferring the longest token at each position.</summary>
internal sealed class AddedTokenMatcher
{
    private readonly Regex? _regex;
    private readonly Dictionary<string, int> _ids;

    public AddedTokenMatcher(IEnumerable<AddedToken> tokens)
    {
        // TODO(#2): lstrip/rstrip/single_word/normalized flags are not applied; contents match verbatim.
        _ids = tokens.Where(t => t.Content.Length > 0)
            .GroupBy(t => t.Content, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Id, StringComparer.Ordinal);
        if (_ids.Count == 0) return;
        var alternatives = _ids.Keys.OrderByDescending(k => k.Length).ThenBy(k => k, StringComparer.Ordinal)
            .Select(Regex.Escape);
        _regex = new Regex(string.Join('|', alternatives), RegexOptions.Compiled | RegexOptions.CultureInvariant);
    }

    /// <summary>The segments of <paramref name="text"/> in order: plain text (null id) or added tokens.</summary>
    public IEnumerable<(string Text, int? Id, int Start)> Split(string text)
    {
        if (_regex is null)
        {
            if (text.Length > 0) yield return (text, null, 0);
            yield break;
        }
        int at = 0;
        for (var m = _regex.Match(text); m.Success; m = m.NextMatch())
        {
            if (m.Index > at) yield return (text[at..m.Index], null, at);
            yield return (m.Value, _ids[m.Value], m.Index);
            at = m.Index + m.Length;
        }
        if (at < text.Length) yield return (text[at..], null, at);
    }
}
