using System.Text.Json;
using System.Text.Json.Nodes;

namespace Plumb.Models;

/// <summary>The BOS, EOS and padding tokens a Hugging Face model directory declares, if any.</summary>
public sealed record SpecialTokens(SpecialToken? Bos, SpecialToken? Eos, SpecialToken? Pad)
{
    private static readonly string[] TextFiles = ["tokenizer_config.json", "special_tokens_map.json"];
    private static readonly string[] IdFiles = ["generation_config.json", "config.json"];

    /// <summary>
    /// Reads tokenizer_config.json and special_tokens_map.json (token text), then generation_config.json and
    /// config.json (token ids), taking each token from the first file that names it.
    /// </summary>
    public static SpecialTokens Read(string dir)
    {
        var files = TextFiles.Concat(IdFiles)
            .Select(name => (Name: name, Json: ReadJson(Path.Combine(dir, name))))
            .Where(f => f.Json is not null)
            .ToList();
        var vocabulary = AddedTokens(dir);
        SpecialToken? Find(string role) => files
            .Select(f => FromFile(f.Json!, f.Name, role, vocabulary))
            .FirstOrDefault(t => t is not null);
        return new SpecialTokens(Find("bos"), Find("eos"), Find("pad"));
    }

    private static SpecialToken? FromFile(JsonObject json, string file, string role,
        IReadOnlyDictionary<string, int> vocabulary)
    {
        if (TextFiles.Contains(file))
        {
            string? text = json[$"{role}_token"] switch
            {
                JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                JsonObject o => o["content"]?.GetValue<string>(),
                _ => null,
            };
            if (text is null)
                return null;
            return new SpecialToken(text, vocabulary.TryGetValue(text, out int id) ? id : null, file);
        }
        return json[$"{role}_token_id"] switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.Number =>
                new SpecialToken(null, v.GetValue<int>(), file),
            JsonArray { Count: > 0 } a => new SpecialToken(null, a[0]!.GetValue<int>(), file),
            _ => null,
        };
    }

    /// <summary>Added-token text to id, from tokenizer_config.json and tokenizer.json.</summary>
    private static Dictionary<string, int> AddedTokens(string dir)
    {
        var map = new Dictionary<string, int>();
        if (ReadJson(Path.Combine(dir, "tokenizer_config.json"))?["added_tokens_decoder"] is JsonObject decoder)
            foreach (var (id, token) in decoder)
                if (token?["content"]?.GetValue<string>() is { } text && int.TryParse(id, out int n))
                    map.TryAdd(text, n);
        if (ReadJson(Path.Combine(dir, "tokenizer.json"))?["added_tokens"] is JsonArray added)
            foreach (var token in added)
                if (token?["content"]?.GetValue<string>() is { } text && token["id"]?.GetValue<int>() is { } n)
                    map.TryAdd(text, n);
        return map;
    }

    private static JsonObject? ReadJson(string path)
    {
        if (!File.Exists(path))
            return null;
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
        }
        catch (JsonException e)
        {
            throw new PlumbException($"{path}: not valid JSON ({e.Message}).", e);
        }
    }
}
