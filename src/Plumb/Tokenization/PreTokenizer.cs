using System.Text.Json;

namespace Plumb.Tokenization;

/// <summary>One <c>pre_tokenizer</c> of a <c>tokenizer.json</c>: cuts a text segment into words for BPE.</summary>
internal abstract class PreTokenizer
{
    private const string Supported = "Sequence, ByteLevel, Split, Metaspace, Digits, Whitespace, WhitespaceSplit";

    /// <summary>Cuts each piece further; <paramref name="atStart"/> says the first piece begins the text.</summary>
    public abstract List<string> Apply(List<string> pieces, bool atStart);

    /// <summary>Reads a pre-tokenizer, or returns null for a JSON null.</summary>
    public static PreTokenizer? Parse(JsonElement? json, string file, string path)
    {
        if (json is not { } node) return null;
        string type = JsonFields.RequireString(node, "type", file, path);
        return type switch
        {
            "Sequence" => new SequencePreTokenizer(ParseList(node, file, path)),
            "ByteLevel" => new ByteLevelPreTokenizer(JsonFields.Bool(node, "add_prefix_space", false),
                JsonFields.Bool(node, "use_regex", true)
                    ? Pattern.FromRegex(ByteLevelAlphabet.Gpt2Pattern, file, path) : null),
            "Split" => new SplitPreTokenizer(Pattern.Parse(node, file, path),
                ParseBehavior(node, file, path), JsonFields.Bool(node, "invert", false)),
            "Metaspace" => MetaspacePreTokenizer.Parse(node, file, path),
            "Digits" => new SplitPreTokenizer(Pattern.FromRegex(@"\p{N}", file, path),
                JsonFields.Bool(node, "individual_digits", false) ? SplitBehavior.Isolated : SplitBehavior.Contiguous,
                invert: false),
            "Whitespace" => new SplitPreTokenizer(Pattern.FromRegex(@"\w+|[^\w\s]+", file, path),
                SplitBehavior.Removed, invert: true),
            "WhitespaceSplit" => new SplitPreTokenizer(Pattern.FromRegex(@"\s+", file, path),
                SplitBehavior.Removed, invert: false),
            _ => throw JsonFields.Error(file, $"{path}.type",
                $"is '{type}', which Plumb does not support; supported pre-tokenizers: {Supported}"),
        };
    }

    private static SplitBehavior ParseBehavior(JsonElement node, string file, string path)
    {
        string name = JsonFields.RequireString(node, "behavior", file, path);
        return Enum.TryParse<SplitBehavior>(name, out var behavior) ? behavior
            : throw JsonFields.Error(file, $"{path}.behavior", $"is '{name}', which is not a split behaviour");
    }

    private static List<PreTokenizer> ParseList(JsonElement node, string file, string path)
    {
        if (JsonFields.Get(node, "pretokenizers") is not { ValueKind: JsonValueKind.Array } items)
            throw JsonFields.Error(file, $"{path}.pretokenizers", "is missing or not a list");
        var list = new List<PreTokenizer>();
        int i = 0;
        foreach (var item in items.EnumerateArray())
            list.Add(Parse(item, file, $"{path}.pretokenizers[{i++}]")!);
        return list;
    }

    private sealed class SequencePreTokenizer(List<PreTokenizer> steps) : PreTokenizer
    {
        public override List<string> Apply(List<string> pieces, bool atStart) =>
            steps.Aggregate(pieces, (p, step) => step.Apply(p, atStart));
    }

    private sealed class ByteLevelPreTokenizer(bool addPrefixSpace, Pattern? split) : PreTokenizer
    {
        public override List<string> Apply(List<string> pieces, bool atStart)
        {
            var output = new List<string>();
            foreach (string piece in pieces)
            {
                string text = addPrefixSpace && !piece.StartsWith(' ') ? " " + piece : piece;
                var words = split is null ? [text] : SplitPreTokenizer.Cut(text, split, SplitBehavior.Isolated);
                foreach (string word in words) output.Add(ByteLevelAlphabet.Encode(word));
            }
            return output;
        }
    }
}
