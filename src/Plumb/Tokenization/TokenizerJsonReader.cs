using System.Text.Json;

namespace Plumb.Tokenization;

/// <summary>Reads the parts of a Hugging Face <c>tokenizer.json</c> that encoding and decoding need.</summary>
internal static class TokenizerJsonReader
{
    /// <summary>The model types Plumb reads, for error messages.</summary>
    public const string SupportedModels = "BPE (byte-level as in GPT-2, Llama 3, Qwen2; metaspace with byte fallback " +
        "as in Llama 2, TinyLlama, Mistral)";

    public static TokenizerParts Read(string path)
    {
        using var doc = JsonFields.Parse(path);
        var root = doc.RootElement;
        var model = JsonFields.Get(root, "model") ?? throw JsonFields.Error(path, "model", "is missing");
        string type = JsonFields.String(model, "type") ?? (JsonFields.Get(model, "merges") is null ? "?" : "BPE");
        if (type != "BPE")
            throw JsonFields.Error(path, "model.type", $"is '{type}', which Plumb does not support yet; " +
                $"supported: {SupportedModels}");
        // TODO(#2): Unigram could go through ML.Tokenizers' SentencePieceTokenizer.CreateFromTokenizerJson.
        var vocab = ReadVocab(model, path);
        var bpe = new BpeModel(vocab, ReadMerges(model, path), ReadOptions(model), path);
        return new TokenizerParts(
            bpe,
            ReadAddedTokens(root, path),
            Normalizer.Parse(JsonFields.Get(root, "normalizer"), path, "normalizer"),
            PreTokenizer.Parse(JsonFields.Get(root, "pre_tokenizer"), path, "pre_tokenizer"),
            TokenDecoder.Parse(JsonFields.Get(root, "decoder"), path, "decoder"),
            FindTemplateBos(JsonFields.Get(root, "post_processor")));
    }

    private static BpeModelOptions ReadOptions(JsonElement model) => new(
        UnkToken: JsonFields.String(model, "unk_token"),
        FuseUnk: JsonFields.Bool(model, "fuse_unk", false),
        ByteFallback: JsonFields.Bool(model, "byte_fallback", false),
        IgnoreMerges: JsonFields.Bool(model, "ignore_merges", false),
        ContinuingSubwordPrefix: NullIfEmpty(JsonFields.String(model, "continuing_subword_prefix")),
        EndOfWordSuffix: NullIfEmpty(JsonFields.String(model, "end_of_word_suffix")));

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static Dictionary<string, int> ReadVocab(JsonElement model, string path)
    {
        if (JsonFields.Get(model, "vocab") is not { ValueKind: JsonValueKind.Object } vocab)
            throw JsonFields.Error(path, "model.vocab", "is missing or not an object of token: id");
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in vocab.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out int id) || id < 0)
                throw JsonFields.Error(path, $"model.vocab[\"{entry.Name}\"]", "is not a non-negative integer id");
            map[entry.Name] = id;
        }
        return map;
    }

    private static List<(string, string)> ReadMerges(JsonElement model, string path)
    {
        var merges = new List<(string, string)>();
        if (JsonFields.Get(model, "merges") is not { ValueKind: JsonValueKind.Array } items) return merges;
        int i = 0;
        foreach (var item in items.EnumerateArray())
        {
            merges.Add(ReadMerge(item, path, $"model.merges[{i}]"));
            i++;
        }
        return merges;
    }

    // Older files write "a b"; newer ones write ["a", "b"], which allows spaces inside tokens.
    private static (string, string) ReadMerge(JsonElement item, string path, string field)
    {
        if (item.ValueKind == JsonValueKind.String)
        {
            var parts = item.GetString()!.Split(' ');
            if (parts.Length == 2) return (parts[0], parts[1]);
        }
        else if (item.ValueKind == JsonValueKind.Array && item.GetArrayLength() == 2
            && item[0].ValueKind == JsonValueKind.String && item[1].ValueKind == JsonValueKind.String)
        {
            return (item[0].GetString()!, item[1].GetString()!);
        }
        throw JsonFields.Error(path, field, "is neither \"left right\" nor [\"left\", \"right\"]");
    }

    private static List<AddedToken> ReadAddedTokens(JsonElement root, string path)
    {
        var tokens = new List<AddedToken>();
        if (JsonFields.Get(root, "added_tokens") is not { ValueKind: JsonValueKind.Array } items) return tokens;
        int i = 0;
        foreach (var item in items.EnumerateArray())
        {
            string field = $"added_tokens[{i++}]";
            int id = JsonFields.Int(item, "id", -1);
            if (id < 0) throw JsonFields.Error(path, $"{field}.id", "is missing or negative");
            tokens.Add(new AddedToken(id, JsonFields.RequireString(item, "content", path, field),
                JsonFields.Bool(item, "special", false)));
        }
        return tokens;
    }

    /// <summary>The special token a TemplateProcessing post-processor writes before the text, if any.</summary>
    private static string? FindTemplateBos(JsonElement? processor)
    {
        if (processor is not { } node) return null;
        if (JsonFields.String(node, "type") == "Sequence"
            && JsonFields.Get(node, "processors") is { ValueKind: JsonValueKind.Array } steps)
            return steps.EnumerateArray().Select(s => FindTemplateBos(s)).FirstOrDefault(s => s is not null);
        if (JsonFields.String(node, "type") != "TemplateProcessing") return null;
        if (JsonFields.Get(node, "single") is not { ValueKind: JsonValueKind.Array } single
            || single.GetArrayLength() == 0) return null;
        return JsonFields.Get(single[0], "SpecialToken") is { } special ? JsonFields.String(special, "id") : null;
    }
}
