using System.Text.Json;
using System.Text.Unicode;

namespace Plumb.Data.Sources;

/// <summary>Reads JSON Lines one line at a time; blank lines are skipped, bad lines become invalid records.</summary>
internal static class JsonlSource
{
    public static IEnumerable<DataRecord> Read(string path, Stream stream)
    {
        long number = 0;
        foreach (var line in ByteLineReader.Lines(stream))
        {
            number++;
            if (IsBlank(line.Span))
                continue;
            yield return Parse(line, new RecordOrigin(path, "line", number));
        }
    }

    internal static DataRecord Parse(ReadOnlyMemory<byte> bytes, RecordOrigin origin)
    {
        if (!Utf8.IsValid(bytes.Span))
            return DataRecord.Invalid(NotUtf8(bytes.Span, origin));
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var columns = JsonValues.Columns(document.RootElement);
            return columns is null
                ? DataRecord.Invalid(new InvalidRecordException(InvalidReason.MalformedJson, origin, null,
                    $"expected a JSON object, found {document.RootElement.ValueKind}; each record must be an " +
                    "object such as {\"prompt\": ..., \"chosen\": ..., \"rejected\": ...}."))
                : new DataRecord(origin, columns);
        }
        catch (JsonException e)
        {
            return DataRecord.Invalid(new InvalidRecordException(InvalidReason.MalformedJson, origin, null,
                $"malformed JSON ({e.Message}); fix the line or pass --skip-invalid to count and skip it."));
        }
    }

    internal static InvalidRecordException NotUtf8(ReadOnlySpan<byte> bytes, RecordOrigin origin)
    {
        var chars = new char[bytes.Length];
        Utf8.ToUtf16(bytes, chars, out int offset, out _, replaceInvalidSequences: false);
        return new InvalidRecordException(InvalidReason.InvalidUtf8, origin, null,
            $"bytes are not valid UTF-8 (near byte {offset}); re-encode the file as UTF-8 " +
            "(e.g. iconv -f latin1 -t utf-8) or pass --skip-invalid.");
    }

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (byte b in line)
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
                return false;
        return true;
    }
}
