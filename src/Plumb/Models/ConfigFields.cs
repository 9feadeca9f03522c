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

    /// <summary>
    /// Reads <c>rope_scaling</c>: null when absent or "default"; linear and llama3 are computed; any other type
    /// changes the model's numbers in a way Plumb does not compute, so it is refused rather than ignored.
    /// </summary>
    public RopeScaling? RopeScaling()
    {
        if (json["rope_scaling"] is not JsonObject scaling)
            return null;
        string? kind = Text(scaling, "rope_type") ?? Text(scaling, "type");
        if (kind is null or "default")
            return null;
        if (!Models.RopeScaling.Supported.Contains(kind))
            // TODO(#2): dynamic NTK and yarn scaling (yarn also scales the attention logits).
            throw Unsupported($"rope_scaling type \"{kind}\"",
                $"rope_scaling types {string.Join(" and ", Models.RopeScaling.Supported)}, or none");
        double factor = Number(scaling, "factor") ?? throw new PlumbException(
            $"{path}: rope_scaling of type \"{kind}\" needs a factor (how many times the context is stretched).");
        if (!(factor >= 1))
            throw new PlumbException($"{path}: rope_scaling factor {factor} should be at least 1.");
        if (kind == "linear")
            return new RopeScaling(kind, factor);
        double low = Number(scaling, "low_freq_factor") ?? 1;
        double high = Number(scaling, "high_freq_factor") ?? 4;
        double original = Number(scaling, "original_max_position_embeddings") ?? throw new PlumbException(
            $"{path}: rope_scaling of type \"llama3\" needs original_max_position_embeddings.");
        if (!(high > low && low > 0))
            throw new PlumbException($"{path}: rope_scaling needs 0 < low_freq_factor < high_freq_factor, found "
                + $"{low} and {high}.");
        return new RopeScaling(kind, factor, low, high, (int)original);
    }

    private string? Text(JsonObject scaling, string name) => scaling[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        var other => throw new PlumbException(
            $"{path}: rope_scaling.{name} should be a string, found {other.ToJsonString()}."),
    };

    private double? Number(JsonObject scaling, string name) => scaling[name] switch
    {
        null => null,
        // Parsed numbers read as double; values built in code may hold an int or a long.
        JsonValue v when v.TryGetValue(out double d) => d,
        JsonValue v when v.TryGetValue(out long l) => l,
        JsonValue v when v.TryGetValue(out int i) => i,
        var other => throw new PlumbException(
            $"{path}: rope_scaling.{name} should be a number, found {other.ToJsonString()}."),
    };

    /// <summary>
    /// For a <c>*ForSequenceClassification</c> checkpoint, its number of labels (from <c>id2label</c>, else
    /// <c>num_labels</c>, else transformers' default of 2); null for any other architecture.
    /// </summary>
    public int? SequenceClassificationLabels()
    {
        string? architecture = (json["architectures"] as JsonArray)?.FirstOrDefault()?.GetValue<string>();
        if (architecture is null || !architecture.EndsWith("ForSequenceClassification", StringComparison.Ordinal))
            return null;
        if (json["id2label"] is JsonObject labels)
            return labels.Count;
        return Int("num_labels") ?? 2;
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
