using System.Text.Json;
using System.Text.Unicode;

namespace Plumb.Data.Sources;

/// <summary>
/// Streams the objects of a top-level JSON array with <see cref="Utf8JsonReader"/>, holding one element (and a
/// read buffer) at a time. A syntax error ends the file, since nothing after it can be located reliably.
/// </summary>
internal static class JsonArraySource
{
    public static IEnumerable<DataRecord> Read(string path, Stream stream)
    {
        var buffer = new byte[1 << 16];
        int length = Fill(stream, buffer, 0);
        var state = new JsonReaderState();
        bool final = length < buffer.Length;
        bool inArray = false;
        long row = 0;

        while (true)
        {
            var step = Next(path, buffer.AsSpan(0, length), final, ref state, ref inArray, row + 1);
            if (step.Element is { } element)
            {
                row++;
                yield return element;
            }
            if (step.Done)
                yield break;

            // Keep the unread tail, grow the buffer when one element does not fit, then read more.
            int tail = length - step.Consumed;
            if (step.Consumed == 0 && tail == buffer.Length)
                Array.Resize(ref buffer, buffer.Length * 2);
            Buffer.BlockCopy(buffer, step.Consumed, buffer, 0, tail);
            if (step.NeedMore)
            {
                length = Fill(stream, buffer, tail);
                final = length < buffer.Length;
            }
            else
            {
                length = tail;
            }
        }
    }

    private readonly record struct Step(DataRecord? Element, int Consumed, bool NeedMore, bool Done);

    private static Step Next(
        string path, ReadOnlySpan<byte> data, bool final, ref JsonReaderState state, ref bool inArray, long row)
    {
        var origin = new RecordOrigin(path, "row", row);
        var reader = new Utf8JsonReader(data, final, state);
        try
        {
            if (!reader.Read())
                return final ? End(path, inArray, origin) : new Step(null, 0, true, false);
            if (!inArray)
            {
                if (reader.TokenType != JsonTokenType.StartArray)
                    throw NotAnArray(path);
                inArray = true;
                state = reader.CurrentState;
                return new Step(null, (int)reader.BytesConsumed, false, false);
            }
            if (reader.TokenType == JsonTokenType.EndArray)
                return new Step(null, (int)reader.BytesConsumed, false, true);

            // Only parse once the whole element is in the buffer.
            var probe = reader;
            if (!probe.TrySkip())
                return new Step(null, 0, true, false);
            int start = (int)reader.TokenStartIndex;
            int end = (int)probe.BytesConsumed;
            state = probe.CurrentState;
            return new Step(Element(data[start..end], origin), end, false, false);
        }
        catch (JsonException e)
        {
            throw new PlumbException(
                $"{origin}: malformed JSON ({e.Message}); a JSON array cannot be resumed after a syntax error, " +
                "so fix the file or convert it to JSON Lines, where --skip-invalid can skip bad lines.");
        }
    }

    private static DataRecord Element(ReadOnlySpan<byte> bytes, RecordOrigin origin)
    {
        if (!Utf8.IsValid(bytes))
            return DataRecord.Invalid(JsonlSource.NotUtf8(bytes, origin));
        return JsonlSource.Parse(bytes.ToArray(), origin);
    }

    private static Step End(string path, bool inArray, RecordOrigin origin) => inArray
        ? throw new PlumbException($"{origin}: the JSON array is not closed; the file may be truncated.")
        : throw NotAnArray(path);

    private static PlumbException NotAnArray(string path) => new(
        $"{path}: expected a JSON array of objects ('[{{...}}, ...]'); for one object per line name the file .jsonl.");

    private static int Fill(Stream stream, byte[] buffer, int offset)
    {
        while (offset < buffer.Length)
        {
            int read = stream.Read(buffer, offset, buffer.Length - offset);
            if (read == 0)
                break;
            offset += read;
        }
        return offset;
    }
}
