using System.Text.Json;

namespace Plumb.Tokenization;

/// <summary>The Metaspace pre-tokenizer: spaces become <c>▁</c>, one may be prepended, words start at each.</summary>
internal sealed class MetaspacePreTokenizer(char replacement, PrependScheme scheme, bool split) : PreTokenizer
{
    public static MetaspacePreTokenizer Parse(JsonElement node, string file, string path) => new(
        ReadReplacement(node, file, path), ReadScheme(node, file, path), JsonFields.Bool(node, "split", true));

    public override List<string> Apply(List<string> pieces, bool atStart)
    {
        var output = new List<string>();
        for (int i = 0; i < pieces.Count; i++)
        {
            string text = pieces[i].Replace(' ', replacement);
            bool prepend = scheme == PrependScheme.Always || (scheme == PrependScheme.First && atStart && i == 0);
            if (prepend && !text.StartsWith(replacement)) text = replacement + text;
            if (split) output.AddRange(CutBefore(text));
            else output.Add(text);
        }
        return output;
    }

    private List<string> CutBefore(string text)
    {
        var words = new List<string>();
        int start = 0;
        for (int i = 1; i < text.Length; i++)
        {
            if (text[i] != replacement) continue;
            words.Add(text[start..i]);
            start = i;
        }
        if (start < text.Length) words.Add(text[start..]);
        return words;
    }

    internal static char ReadReplacement(JsonElement node, string file, string path)
    {
        string value = JsonFields.String(node, "replacement") ?? "\u2581";
        return value.Length == 1 ? value[0]
            : throw JsonFields.Error(file, $"{path}.replacement", $"is '{value}'; it must be one character");
    }

    internal static PrependScheme ReadScheme(JsonElement node, string file, string path)
    {
        // Older files carry add_prefix_space instead of prepend_scheme.
        return JsonFields.String(node, "prepend_scheme") switch
        {
            "always" => PrependScheme.Always,
            "first" => PrependScheme.First,
            "never" => PrependScheme.Never,
            null => JsonFields.Bool(node, "add_prefix_space", true) ? PrependScheme.Always : PrependScheme.Never,
            var other => throw JsonFields.Error(file, $"{path}.prepend_scheme",
                $"is '{other}'; expected always, first or never"),
        };
    }
}
