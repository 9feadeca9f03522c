using System.Text.Json;

namespace Plumb.Tokenization;

/// <summary>
/// Resolves BOS, EOS and pad from a model folder. Each is taken from the first of these that defines it:
/// <c>tokenizer_config.json</c> (<c>bos_token</c>...), <c>special_tokens_map.json</c>,
/// <c>generation_config.json</c> (<c>bos_token_id</c>..., a list gives its first id), <c>config.json</c>,
/// and for BOS last the token that <c>tokenizer.json</c>'s post-processor puts first. Pad falls back to EOS.
/// </summary>
internal static class SpecialTokensReader
{
    private const string TokenizerConfig = "tokenizer_config.json";

    public static SpecialTokens Read(string dir, Func<string, int?> tokenToId, Func<int, string?> idToToken,
        string? templateBos)
    {
        var tokenFiles = new[] { TokenizerConfig, "special_tokens_map.json" }
            .Select(name => (Name: name, Json: Load(dir, name))).ToList();
        var idFiles = new[] { "generation_config.json", "config.json" }
            .Select(name => (Name: name, Json: Load(dir, name))).ToList();

        int? Resolve(string kind, string? lastResort = null)
        {
            foreach (var (name, json) in tokenFiles)
                if (json is { } j && ReadToken(j, $"{kind}_token") is { } token)
                    return tokenToId(token) ?? throw JsonFields.Error(Path.Combine(dir, name), $"{kind}_token",
                        $"is '{token}', which is not a token of tokenizer.json");
            foreach (var (name, json) in idFiles)
                if (json is { } j && ReadId(j, $"{kind}_token_id") is { } id)
                    return idToToken(id) is not null ? id : throw JsonFields.Error(Path.Combine(dir, name),
                        $"{kind}_token_id", $"is {id}, which is not an id of tokenizer.json");
            return lastResort is null ? null : tokenToId(lastResort);
        }

        int? bos = Resolve("bos", templateBos), eos = Resolve("eos"), pad = Resolve("pad") ?? eos;
        var config = tokenFiles[0].Json;
        bool addBos = config is { } c && JsonFields.Get(c, "add_bos_token") is { } flag
            && flag.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? flag.GetBoolean() : templateBos is not null;
        if (addBos && bos is null)
            throw new PlumbException($"{Path.Combine(dir, TokenizerConfig)}: add_bos_token is true but no BOS " +
                "token is defined; set bos_token there.");
        return new SpecialTokens(bos, eos, pad, addBos)
        {
            BosToken = bos is { } b ? idToToken(b) : null,
            EosToken = eos is { } e ? idToToken(e) : null,
            ChatTemplate = ChatTemplateReader.Read(dir, config),
        };
    }

    private static JsonElement? Load(string dir, string name)
    {
        string path = Path.Combine(dir, name);
        if (!File.Exists(path)) return null;
        using var doc = JsonFields.Parse(path);
        return doc.RootElement.Clone();
    }

    // A token is written as a string or as an object {"content": ...}.
    private static string? ReadToken(JsonElement json, string field) => JsonFields.Get(json, field) switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Object } o => JsonFields.String(o, "content"),
        _ => null,
    };

    private static int? ReadId(JsonElement json, string field) => JsonFields.Get(json, field) switch
    {
        { ValueKind: JsonValueKind.Number } n => n.GetInt32(),
        { ValueKind: JsonValueKind.Array } a when a.GetArrayLength() > 0
            && a[0].ValueKind == JsonValueKind.Number => a[0].GetInt32(),
        _ => null,
    };
}
