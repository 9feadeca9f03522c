using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Plumb.Training.Reference;

/// <summary>
/// The JSONL file <c>plumb score</c> writes: a fingerprint header line, then one line per pair with summed
/// log-probs and token counts of the chosen and rejected completions.
/// </summary>
public static class ReferenceScoreFile
{
    private const string Format = "plumb-ref-logps/1";

    /// <summary>Writes the header and scores; a crash leaves the old file or none, never half of one.</summary>
    public static void Write(string path, ReferenceFingerprint fingerprint, string model, string data,
        IEnumerable<ReferenceScore> scores)
    {
        var text = new StringBuilder();
        text.Append(new JsonObject
        {
            ["format"] = Format,
            ["fingerprint"] = fingerprint.Key,
            ["model"] = model,
            ["model_hash"] = fingerprint.ModelHash,
            ["data"] = data,
            ["data_hash"] = fingerprint.DataHash,
            ["tokenization"] = fingerprint.Tokenization,
        }.ToJsonString()).Append('\n');
        foreach (var s in scores)
        {
            text.Append(new JsonObject
            {
                ["id"] = s.Id,
                ["chosen_logps"] = s.Chosen,
                ["rejected_logps"] = s.Rejected,
                ["chosen_tokens"] = s.ChosenTokens,
                ["rejected_tokens"] = s.RejectedTokens,
            }.ToJsonString()).Append('\n');
        }
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
            Directory.CreateDirectory(dir);
        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>Reads a score file's header and its scores by example id.</summary>
    /// <exception cref="PlumbException">The file is missing, not a score file, or has a malformed line.</exception>
    public static (ReferenceFingerprint Fingerprint, Dictionary<string, ReferenceScore> Scores) Read(string path)
    {
        if (!File.Exists(path))
            throw new PlumbException($"{path}: reference log-prob file not found; write it with "
                + "plumb score --model M --data D --out FILE.");
        using var reader = File.OpenText(path);
        var header = Parse(reader.ReadLine(), path, 1);
        if (header["format"]?.GetValue<string>() != Format)
            throw new PlumbException($"{path}:1: not a plumb score file (no \"format\": \"{Format}\" header); "
                + "write it with plumb score.");
        var fingerprint = new ReferenceFingerprint(Field(header, "model_hash", path, 1),
            Field(header, "data_hash", path, 1), Field(header, "tokenization", path, 1));
        var scores = new Dictionary<string, ReferenceScore>(StringComparer.Ordinal);
        int line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
                continue;
            var score = Score(Parse(text, path, line), path, line);
            if (!scores.TryAdd(score.Id, score))
                throw new PlumbException($"{path}:{line}: id '{score.Id}' appears twice; re-run plumb score.");
        }
        return (fingerprint, scores);
    }

    private static ReferenceScore Score(JsonObject o, string path, int line)
    {
        try
        {
            return new ReferenceScore(Field(o, "id", path, line),
                o["chosen_logps"]!.GetValue<double>(), o["rejected_logps"]!.GetValue<double>(),
                o["chosen_tokens"]!.GetValue<int>(), o["rejected_tokens"]!.GetValue<int>());
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException)
        {
            throw new PlumbException($"{path}:{line}: needs id, chosen_logps, rejected_logps, chosen_tokens and "
                + "rejected_tokens; re-run plumb score.", e);
        }
    }

    private static JsonObject Parse(string? text, string path, int line)
    {
        try
        {
            return JsonNode.Parse(text ?? "") as JsonObject
                ?? throw new PlumbException($"{path}:{line}: expected a JSON object; re-run plumb score.");
        }
        catch (JsonException e)
        {
            throw new PlumbException($"{path}:{line}: not valid JSON ({e.Message}); re-run plumb score.", e);
        }
    }

    private static string Field(JsonObject o, string name, string path, int line) =>
        o[name] is JsonValue v && v.TryGetValue<string>(out var s)
            ? s
            : throw new PlumbException($"{path}:{line}: the field '{name}' is missing; re-run plumb score.");
}
