using System.Text.Json;

namespace Plumb.Tokenization;

/// <summary>
/// Finds a model's chat template: <c>chat_template.jinja</c> when present (as transformers prefers), else
/// <c>chat_template</c> in <c>tokenizer_config.json</c>, a string or a list of named templates of which
/// the one named <c>default</c> is taken.
/// </summary>
internal static class ChatTemplateReader
{
    public static string? Read(string dir, JsonElement? tokenizerConfig)
    {
        string jinja = Path.Combine(dir, "chat_template.jinja");
        if (File.Exists(jinja)) return File.ReadAllText(jinja);
        if (tokenizerConfig is not { } config) return null;
        return JsonFields.Get(config, "chat_template") switch
        {
            { ValueKind: JsonValueKind.String } s => s.GetString(),
            { ValueKind: JsonValueKind.Array } list => FromList(list, Path.Combine(dir, "tokenizer_config.json")),
            null => null,
            _ => throw JsonFields.Error(Path.Combine(dir, "tokenizer_config.json"), "chat_template",
                "is neither a string nor a list of {name, template}"),
        };
    }

    private static string FromList(JsonElement list, string file)
    {
        var named = list.EnumerateArray()
            .Select(item => (Name: JsonFields.String(item, "name"), Template: JsonFields.String(item, "template")))
            .ToList();
        return named.FirstOrDefault(t => t.Name == "default").Template
            ?? throw JsonFields.Error(file, "chat_template",
                $"lists templates ({string.Join(", ", named.Select(t => t.Name))}) but none named 'default'");
    }
}
