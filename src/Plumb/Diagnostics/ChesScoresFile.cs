using System.Text;
using System.Text.Json;

namespace Plumb.Diagnostics;

/// <summary>
/// Reads and writes per-pair CHES scores as JSON Lines: <c>id</c>, <c>ches</c>, <c>ln_ches</c>,
/// <c>last_hidden_inner_product</c>, <c>normalised_edit_distance</c> (token Levenshtein over the longer
/// length, in [0, 1]), <c>chosen_tokens</c>, <c>rejected_tokens</c>.
/// </summary>
public static class ChesScoresFile
{
    /// <summary>Writes one line per pair and returns how many were written.</summary>
    public static int Write(string path, IEnumerable<PairChes> rows)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        int count = 0;
        foreach (var row in rows)
        {
            writer.Write(ToJson(row));
            writer.Write('\n');
            count++;
        }
        return count;
    }

    /// <summary>One pair as a single-line JSON object.</summary>
    public static string ToJson(PairChes row)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            var s = row.Similarity;
            json.WriteStartObject();
            json.WriteString("id", row.Id);
            json.WriteNumber("ches", s.Ches);
            json.WriteNumber("ln_ches", s.LengthNormalisedChes);
            json.WriteNumber("last_hidden_inner_product", s.LastHiddenInnerProduct);
            if (s.MinusNormalisedEditDistance is { } d)
                json.WriteNumber("normalised_edit_distance", -d);
            json.WriteNumber("chosen_tokens", row.ChosenLength);
            json.WriteNumber("rejected_tokens", row.RejectedLength);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads a scores file; a bad line throws a <see cref="PlumbException"/> naming it.</summary>
    public static List<PairChes> Read(string path)
    {
        if (!File.Exists(path))
            throw new PlumbException($"{path}: no such scores file; write one with plumb ches --out {path}.");
        var rows = new List<PairChes>();
        int number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            if (!string.IsNullOrWhiteSpace(line))
                rows.Add(Parse(line, path, number));
        }
        return rows;
    }

    private static PairChes Parse(string line, string path, int number)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var e = doc.RootElement;
            double? edit = e.TryGetProperty("normalised_edit_distance", out var d) ? -d.GetDouble() : null;
            var similarity = new PairSimilarity(e.GetProperty("ches").GetDouble(),
                e.GetProperty("ln_ches").GetDouble(), Optional(e, "last_hidden_inner_product"), edit);
            return new PairChes(e.GetProperty("id").GetString()!, similarity,
                (int)Optional(e, "chosen_tokens", 0), (int)Optional(e, "rejected_tokens", 0));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new PlumbException($"{path} line {number}: not a CHES score row ({ex.Message}); each line "
                + "needs \"id\", \"ches\" and \"ln_ches\", as plumb ches writes them.", ex);
        }
    }

    private static double Optional(JsonElement e, string name, double missing = double.NaN) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : missing;
}
