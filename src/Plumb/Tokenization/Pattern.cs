using System.Text.Json;
using System.Text.RegularExpressions;

namespace Plumb.Tokenization;

/// <summary>The <c>pattern</c> of a Split or Replace step: a literal string or a regular expression.</summary>
internal sealed class Pattern
{
    private readonly Regex _regex;

    private Pattern(Regex regex) => _regex = regex;

    /// <summary>Reads <c>{"String": ...}</c> or <c>{"Regex": ...}</c> from the node's <c>pattern</c> field.</summary>
    public static Pattern Parse(JsonElement node, string file, string path)
    {
        var pattern = JsonFields.Get(node, "pattern")
            ?? throw JsonFields.Error(file, $"{path}.pattern", "is missing");
        if (JsonFields.String(pattern, "String") is { } literal) return FromRegex(Regex.Escape(literal), file, path);
        if (JsonFields.String(pattern, "Regex") is { } regex) return FromRegex(regex, file, path);
        throw JsonFields.Error(file, $"{path}.pattern", "has neither a 'String' nor a 'Regex' entry");
    }

    public static Pattern FromRegex(string regex, string file, string path)
    {
        try
        {
            // TODO(#2): .NET sees a supplementary-plane letter as two surrogates, not \p{L} as Oniguruma does.
            return new Pattern(new Regex(regex, RegexOptions.Compiled | RegexOptions.CultureInvariant));
        }
        catch (ArgumentException e)
        {
            throw JsonFields.Error(file, $"{path}.pattern", $"is a regex .NET cannot compile ({e.Message})");
        }
    }

    public string Replace(string text, string content) => _regex.Replace(text, content);

    /// <summary>Cuts <paramref name="text"/> into matched and unmatched spans that cover it in order.</summary>
    public List<(int Start, int Length, bool Matched)> Spans(string text)
    {
        var spans = new List<(int, int, bool)>();
        int at = 0;
        for (var m = _regex.Match(text); m.Success; m = m.NextMatch())
        {
            if (m.Length == 0) continue;
            if (m.Index > at) spans.Add((at, m.Index - at, false));
            spans.Add((m.Index, m.Length, true));
            at = m.Index + m.Length;
        }
        if (at < text.Length) spans.Add((at, text.Length - at, false));
        return spans;
    }
}
