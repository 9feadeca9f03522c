using System.Text.Json;

namespace Plumb.Synthetic;

/// <summary>Writes synthetic pairs as JSON Lines in TRL's standard format, with a <c>kind</c> column.</summary>
public static class PairJsonl
{
    /// <summary>Writes one object per line: prompt, chosen, rejected, kind ("rude" or "wrong").</summary>
    public static void Write(string path, IEnumerable<SyntheticPair> pairs)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var stream = File.Create(path);
        foreach (var pair in pairs)
        {
            using (var json = new Utf8JsonWriter(stream))
            {
                json.WriteStartObject();
                json.WriteString("prompt", pair.Prompt);
                json.WriteString("chosen", pair.Chosen);
                json.WriteString("rejected", pair.Rejected);
                json.WriteString("kind", pair.Kind.ToString().ToLowerInvariant());
                json.WriteEndObject();
            }
            stream.WriteByte((byte)'\n');
        }
    }

    /// <summary>The <c>kind</c> of each line of a file <see cref="Write"/> wrote, by 1-based line number.</summary>
    public static IReadOnlyDictionary<long, PairKind> ReadKinds(string path)
    {
        var kinds = new Dictionary<long, PairKind>();
        long number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0)
                continue;
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.TryGetProperty("kind", out var kind)
                && Enum.TryParse<PairKind>(kind.GetString(), ignoreCase: true, out var parsed))
                kinds[number] = parsed;
        }
        return kinds;
    }
}
