using System.Text.Json;

namespace Plumb.Data.Sources;

/// <summary>Converts parsed JSON to the plain values a <see cref="DataRecord"/> holds.</summary>
internal static class JsonValues
{
    /// <summary>The columns of a JSON object, or null when the element is not an object.</summary>
    public static Dictionary<string, object?>? Columns(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
            return null;
        var columns = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
            columns[property.Name] = ToValue(property.Value);
        return columns;
    }

    private static object? ToValue(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => element.TryGetInt64(out long l) ? l : element.GetDouble(),
        JsonValueKind.Array => element.EnumerateArray().Select(ToValue).ToList(),
        JsonValueKind.Object => Columns(element),
        _ => null,
    };
}
