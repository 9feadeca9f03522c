namespace Plumb.Data.Sources;

/// <summary>Splits a stream into lines of raw bytes, so that invalid UTF-8 can be reported, not replaced.</summary>
internal static class ByteLineReader
{
    /// <summary>Yields each line without its terminator (\n or \r\n); valid until the next line.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Lines(Stream stream)
    {
        var buffer = new byte[1 << 16];
        int start = 0, end = 0;
        while (true)
        {
            int newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
            if (newline >= 0)
            {
                yield return Trim(buffer.AsMemory(start, newline - start));
                start = newline + 1;
                continue;
            }

            // No full line left in the buffer: move the partial line to the front, grow if it fills the buffer.
            int partial = end - start;
            if (partial == buffer.Length)
                Array.Resize(ref buffer, buffer.Length * 2);
            else if (start > 0)
                Buffer.BlockCopy(buffer, start, buffer, 0, partial);
            start = 0;
            end = partial;

            int read = stream.Read(buffer, end, buffer.Length - end);
            if (read == 0)
            {
                if (end > 0)
                    yield return Trim(buffer.AsMemory(0, end));
                yield break;
            }
            end += read;
        }
    }

    private static ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> line) =>
        line.Length > 0 && line.Span[^1] == (byte)'\r' ? line[..^1] : line;
}
