using System.Text.Json;

namespace Plumb.Tokenization;

/// <summary>Small readers for optional JSON fields, with errors that name the file and the field.</summary>
internal static class JsonFields
{
    public static JsonElement? Get(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v)
            && v.ValueKind != JsonValueKind.Null ? v : null;

    public static string? String(JsonElement obj, string name) =>
        Get(obj, name) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    public static bool Bool(JsonElement obj, string name, bool fallback) =>
        Get(obj, name) is { } v && (v.ValueKind == JsonValueKind.True || v.ValueKind == JsonValueKind.False)
            ? v.GetBoolean() : fallback;

    public static int Int(JsonElement obj, string name, int fallback) =>
        Get(obj, name) is { ValueKind: JsonValueKind.Number } v ? v.GetInt32() : fallback;

    public static string RequireString(JsonElement obj, string name, string file, string path) =>
        String(obj, name) ?? throw Error(file, $"{path}.{name}", "is missing or not a string");

    /// <summary>An error about one field of one file, saying what is wrong with it.</summary>
    public static PlumbException Error(string file, string field, string problem) =>
        new($"{file}: field '{field}' {problem}.");

    public static JsonDocument Parse(string path)
    {
        try
        {
            // Files saved by some Windows editors start with a UTF-8 byte order mark, which JSON does not allow.
            var bytes = File.ReadAllBytes(path).AsMemory();
            if (bytes.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw new PlumbException(
                $"{path}: not valid JSON at line {e.LineNumber + 1}: {e.Message} Fix or re-download the file.", e);
        }
    }
}
