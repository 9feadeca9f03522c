using System.Collections;
using System.Text.Json;
using Plumb.Templating.Jinja;

namespace Plumb.Templating;

/// <summary>
/// A Jinja template parsed once and rendered many times, with the semantics transformers gives chat templates
/// (jinja2 sandbox, trim_blocks and lstrip_blocks on). Templates reach only the values passed to them.
/// </summary>
public sealed class JinjaTemplate
{
    private readonly JinjaSource _source;
    private readonly IReadOnlyList<Stmt> _body;
    private readonly TemplateOptions _options;

    private JinjaTemplate(JinjaSource source, IReadOnlyList<Stmt> body, TemplateOptions options)
    {
        _source = source;
        _body = body;
        _options = options;
    }

    /// <summary>The template's Jinja source as given.</summary>
    public string Source { get; private init; } = "";

    /// <summary>Parses <paramref name="source"/>; a syntax error throws with its line and column.</summary>
    public static JinjaTemplate Parse(string source, TemplateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= TemplateOptions.Default;
        options.Validate();
        var text = new JinjaSource(source);
        return new JinjaTemplate(text, JinjaParser.Parse(text), options) { Source = source };
    }

    /// <summary>
    /// Renders with <paramref name="variables"/>: strings, booleans, numbers, null, lists and string-keyed
    /// dictionaries of these.
    /// </summary>
    public string Render(IReadOnlyDictionary<string, object?> variables)
    {
        var converted = new Dictionary<string, object?>(variables.Count);
        foreach (var (name, value) in variables) converted[name] = ToTemplateValue(value, name);
        return RenderConverted(converted);
    }

    /// <summary>Renders variables already in the template's value model.</summary>
    internal string RenderConverted(Dictionary<string, object?> variables)
    {
        var interpreter = new JinjaInterpreter(_source, _options);
        var globals = new Scope(null);
        interpreter.AddGlobals(globals);
        foreach (var (name, value) in variables) globals.Set(name, value);
        return interpreter.Render(_body, globals);
    }

    /// <summary>Copies a .NET value into the template's value model, refusing any other type.</summary>
    internal static object? ToTemplateValue(object? value, string path) => value switch
    {
        null or string or bool or long or double => value,
        int or short or byte or uint => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        float f => (double)f,
        decimal m => (double)m,
        ChatMessage m => new Dictionary<string, object?> { ["role"] = m.Role, ["content"] = m.Content },
        JsonElement json => FromJson(json, path),
        IEnumerable<KeyValuePair<string, object?>> d => d.ToDictionary(
            kv => kv.Key, kv => ToTemplateValue(kv.Value, $"{path}.{kv.Key}")),
        IEnumerable<KeyValuePair<string, string>> d => d.ToDictionary(kv => kv.Key, kv => (object?)kv.Value),
        IEnumerable e => e.Cast<object?>().Select((x, i) => ToTemplateValue(x, $"{path}[{i}]")).ToList(),
        _ => throw new PlumbException($"Template variable '{path}' has type {value.GetType().Name}, which "
            + "templates cannot read; pass strings, numbers, booleans, null, lists or string-keyed dictionaries."),
    };

    // JSON as Python's json.loads gives it: integers stay integers, so tojson writes them back unchanged.
    private static object? FromJson(JsonElement json, string path) => json.ValueKind switch
    {
        JsonValueKind.Object => json.EnumerateObject().ToDictionary(
            p => p.Name, p => FromJson(p.Value, $"{path}.{p.Name}")),
        JsonValueKind.Array => json.EnumerateArray().Select((x, i) => FromJson(x, $"{path}[{i}]")).ToList(),
        JsonValueKind.String => json.GetString(),
        JsonValueKind.Number => json.TryGetInt64(out var l) ? (object)l : json.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
