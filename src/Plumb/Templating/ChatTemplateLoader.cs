using System.Text.Json;

namespace Plumb.Templating;

/// <summary>
/// Loads a model's own chat template as transformers does: <c>chat_template.jinja</c> if present, else the
/// <c>chat_template</c> field of tokenizer_config.json, with the special tokens the template may print.
/// </summary>
public static class ChatTemplateLoader
{
    private static readonly string[] SpecialTokenNames =
        ["bos_token", "eos_token", "unk_token", "pad_token", "sep_token", "cls_token", "mask_token"];

    /// <summary>Loads the chat template of the model in <paramref name="modelDirectory"/>.</summary>
    /// <param name="modelDirectory">A folder with tokenizer_config.json (and maybe chat_template.jinja).</param>
    /// <param name="templateName">Which of several named templates (such as "tool_use"); default "default".
    /// </param>
    /// <param name="options">Step and size limits.</param>
    public static JinjaChatTemplate Load(string modelDirectory, string? templateName = null,
        TemplateOptions? options = null)
    {
        var configPath = Path.Combine(modelDirectory, "tokenizer_config.json");
        var jinjaPath = Path.Combine(modelDirectory, "chat_template.jinja");
        var tokens = new Dictionary<string, object?>();
        string? source = null;
        if (File.Exists(configPath))
        {
            using var config = ReadJson(configPath);
            ReadSpecialTokens(config.RootElement, tokens);
            source = ReadTemplateField(config.RootElement, configPath, templateName);
        }
        if (templateName is null && File.Exists(jinjaPath)) source = File.ReadAllText(jinjaPath);
        if (source is null)
            throw new PlumbException($"No chat template found in {modelDirectory}: neither chat_template.jinja nor "
                + "a chat_template field in tokenizer_config.json. Pick a built-in one by name ("
                + string.Join(", ", BuiltInTemplates.Names) + ").");
        var bos = tokens.GetValueOrDefault("bos_token") as string ?? "";
        var eos = tokens.GetValueOrDefault("eos_token") as string ?? "";
        try
        {
            return new JinjaChatTemplate(source, bos, eos, tokens, options);
        }
        catch (TemplateException e)
        {
            throw new PlumbException($"The chat template of {modelDirectory} does not parse: {e.Message}", e);
        }
    }

    private static JsonDocument ReadJson(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new PlumbException($"{path} is not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
    }

    // Special tokens are strings, or AddedToken objects whose "content" holds the string.
    private static void ReadSpecialTokens(JsonElement config, Dictionary<string, object?> tokens)
    {
        foreach (var name in SpecialTokenNames)
        {
            if (!config.TryGetProperty(name, out var token)) continue;
            var text = token.ValueKind switch
            {
                JsonValueKind.String => token.GetString(),
                JsonValueKind.Object when token.TryGetProperty("content", out var c) => c.GetString(),
                _ => null,
            };
            if (text != null) tokens[name] = text;
        }
    }

    private static string? ReadTemplateField(JsonElement config, string path, string? templateName)
    {
        if (!config.TryGetProperty("chat_template", out var field) || field.ValueKind == JsonValueKind.Null)
            return templateName is null ? null
                : throw new PlumbException($"{path} has no chat_template, so no template named '{templateName}'.");
        if (field.ValueKind == JsonValueKind.String)
            return templateName is null or "default" ? field.GetString()
                : throw new PlumbException($"{path} has a single chat_template, not one named '{templateName}'.");
        if (field.ValueKind != JsonValueKind.Array)
            throw new PlumbException($"{path}: chat_template must be a string or a list of {{name, template}}.");
        var named = field.EnumerateArray()
            .Where(e => e.ValueKind == JsonValueKind.Object)
            .ToDictionary(e => e.GetProperty("name").GetString() ?? "", e => e.GetProperty("template").GetString());
        var wanted = templateName ?? "default";
        return named.TryGetValue(wanted, out var template) ? template
            : throw new PlumbException($"{path} has no chat template named '{wanted}'; it has: "
                + string.Join(", ", named.Keys) + ".");
    }
}
