using System.Text;
using System.Text.Json;

namespace Plumb.Training;

/// <summary>
/// Appends one JSON object per logged row to <c>metrics.jsonl</c>, with TRL's keys (<c>loss</c>,
/// <c>rewards/margins</c>, <c>eval_loss</c>, ...) plus <c>step</c>. Non-finite values are written as null.
/// </summary>
/// <param name="Path">The file to append to.</param>
public sealed record MetricsJsonlSink(string Path) : ITrainingObserver
{
    /// <summary>A sink writing <c>metrics.jsonl</c> in <paramref name="outputDir"/>.</summary>
    public static MetricsJsonlSink InRunDirectory(string outputDir) =>
        new(System.IO.Path.Combine(outputDir, "metrics.jsonl"));

    /// <summary>A fresh run starts a fresh file; a resumed run keeps the rows up to its checkpoint.</summary>
    public void OnStart(TrainingPlan plan)
    {
        if (plan.StartStep == 0 && File.Exists(Path))
            File.Delete(Path);
    }

    /// <inheritdoc />
    public void OnLog(MetricsRecord record) => Append(record);

    /// <inheritdoc />
    public void OnEvaluate(MetricsRecord record) => Append(record);

    /// <summary>Drops rows logged after the checkpoint by the interrupted run, so no step appears twice.</summary>
    public void OnResume(int step, string directory)
    {
        if (!File.Exists(Path))
            return;
        var kept = File.ReadLines(Path).Where(line => StepOf(line) <= step).ToList();
        AtomicFile.WriteAllText(Path, string.Concat(kept.Select(line => line + "\n")));
    }

    /// <summary>One row as a single-line JSON object.</summary>
    public static string ToJson(MetricsRecord record)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("step", record.Step);
            foreach (var (key, value) in record.Values)
            {
                if (double.IsFinite(value))
                    json.WriteNumber(key, value);
                else
                    json.WriteNull(key);
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private void Append(MetricsRecord record)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        File.AppendAllText(Path, ToJson(record) + "\n");
    }

    private static int StepOf(string line)
    {
        using var doc = JsonDocument.Parse(line);
        return doc.RootElement.GetProperty("step").GetInt32();
    }
}
