using System.Text.Json;
using System.Text.Json.Nodes;

namespace Plumb.Models;

/// <summary>Typed access to the fields of one config.json, with errors that name the file and field.</summary>
internal sealed class ConfigFields(JsonObject json, string path)
{
    public string? String(string name) => Value(name, JsonValueKind.String)?.GetValue<string>();

    public bool? Bool(string name)
    {
        var node = json[name];
        if (node is null)
            return null;
        return node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Wrong(name, "true or false"),
        };
    }

    public int? Int(string name)
    {
        var node = Value(name, JsonValueKind.Number);
        if (node is null)
            return null;
        return node.TryGetValue<int>(out int v) ? v : throw Wrong(name, "an integer");
    }

    public double? Double(string name) => Value(name, JsonValueKind.Number)?.GetValue<double>();

    public int RequiredInt(string name) =>
        Int(name) ?? throw new PlumbException($"{path}: field {name} is missing.");

    public IReadOnlyList<int> IntOrList(string name)
    {
        if (json[name] is JsonArray array)
            return [.. array.Select((_, i) => array[i]?.GetValue<int>() ?? throw Wrong(name, "integers"))];
        return Int(name) is { } one ? [one] : [];
    }

    /// <summary>Scaled rotary variants change the model's numbers; refuse them rather than ignore them.</summary>
    public void RejectRopeScaling()
    {
        if (json["rope_scaling"] is not JsonObject scaling)
            return;
        string? kind = scaling["rope_type"]?.GetValue<string>() ?? scaling["type"]?.GetValue<string>();
        if (kind is null or "default")
            return;
        // TODO(#2): support scaled rotary embeddings (linear, dynamic, llama3, yarn).
        throw Unsupported($"rope_scaling type \"{kind}\"", "only unscaled rotary embeddings");
    }

    /// <summary>An error naming the file and the unsupported setting, and what Plumb supports instead.</summary>
    public PlumbException Unsupported(string what, string supported) =>
        new($"{path}: {what} is not supported; Plumb supports {supported}.");

    private JsonValue? Value(string name, JsonValueKind kind)
    {
        var node = json[name];
        if (node is null)
            return null;
        if (node is JsonValue value && value.GetValueKind() == kind)
            return value;
        throw Wrong(name, kind == JsonValueKind.Number ? "a number" : "a string");
    }

    private PlumbException Wrong(string name, string expected) =>
        new($"{path}: field {name} should be {expected}, found {json[name]?.ToJsonString()}.");
}
