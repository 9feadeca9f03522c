using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Plumb.Tokenization;

/// <summary>One <c>normalizer</c> of a <c>tokenizer.json</c>, applied to each segment between added tokens.</summary>
internal abstract class Normalizer
{
    private const string Supported = "Sequence, Prepend, Replace, Strip, Lowercase, NFC, NFD, NFKC, NFKD";

    public abstract string Apply(string text);

    /// <summary>Reads a normalizer, or returns null for a JSON null.</summary>
    public static Normalizer? Parse(JsonElement? json, string file, string path)
    {
        if (json is not { } node) return null;
        string type = JsonFields.RequireString(node, "type", file, path);
        return type switch
        {
            "Sequence" => new SequenceNormalizer(ParseList(node, file, path)),
            "Prepend" => new PrependNormalizer(JsonFields.RequireString(node, "prepend", file, path)),
            "Replace" => new ReplaceNormalizer(Pattern.Parse(node, file, path),
                JsonFields.RequireString(node, "content", file, path)),
            "Strip" => new StripNormalizer(JsonFields.Bool(node, "strip_left", true),
                JsonFields.Bool(node, "strip_right", true)),
            "Lowercase" => new FuncNormalizer(s => s.ToLowerInvariant()),
            "NFC" => new FuncNormalizer(s => s.Normalize(NormalizationForm.FormC)),
            "NFD" => new FuncNormalizer(s => s.Normalize(NormalizationForm.FormD)),
            "NFKC" => new FuncNormalizer(s => s.Normalize(NormalizationForm.FormKC)),
            "NFKD" => new FuncNormalizer(s => s.Normalize(NormalizationForm.FormKD)),
            _ => throw JsonFields.Error(file, $"{path}.type",
                $"is '{type}', which Plumb does not support; supported normalizers: {Supported}"),
        };
    }

    private static List<Normalizer> ParseList(JsonElement node, string file, string path)
    {
        var list = new List<Normalizer>();
        if (JsonFields.Get(node, "normalizers") is not { ValueKind: JsonValueKind.Array } items)
            throw JsonFields.Error(file, $"{path}.normalizers", "is missing or not a list");
        int i = 0;
        foreach (var item in items.EnumerateArray())
            list.Add(Parse(item, file, $"{path}.normalizers[{i++}]")!);
        return list;
    }

    private sealed class SequenceNormalizer(List<Normalizer> steps) : Normalizer
    {
        public override string Apply(string text) => steps.Aggregate(text, (s, step) => step.Apply(s));
    }

    private sealed class PrependNormalizer(string prefix) : Normalizer
    {
        // Hugging Face leaves empty text empty.
        public override string Apply(string text) => text.Length == 0 ? text : prefix + text;
    }

    private sealed class ReplaceNormalizer(Pattern pattern, string content) : Normalizer
    {
        public override string Apply(string text) => pattern.Replace(text, content);
    }

    private sealed class StripNormalizer(bool left, bool right) : Normalizer
    {
        public override string Apply(string text) =>
            left && right ? text.Trim() : left ? text.TrimStart() : right ? text.TrimEnd() : text;
    }

    private sealed class FuncNormalizer(Func<string, string> func) : Normalizer
    {
        public override string Apply(string text) => func(text);
    }
}
