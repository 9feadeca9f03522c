using System.Collections.Immutable;
using System.Text.Json;
using Plumb.Objectives;

namespace Plumb.Training.Tasks;

/// <summary>Writes an <see cref="ObjectiveState"/> (running means) into a checkpoint's task folder.</summary>
public static class ObjectiveStateFile
{
    /// <summary>The file name inside the checkpoint's <c>task/</c> folder.</summary>
    public const string FileName = "objective_state.json";

    /// <summary>Writes the running means as JSON, atomically.</summary>
    public static void Save(ObjectiveState state, string directory)
    {
        var means = state.Means.ToDictionary(m => m.Key, m => new[] { m.Value.Mean, m.Value.Count });
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(means));
    }

    /// <summary>Reads what <see cref="Save"/> wrote; a checkpoint without the file starts from the initial state.
    /// </summary>
    /// <exception cref="PlumbException">The file is not the expected JSON.</exception>
    public static ObjectiveState Load(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
            return ObjectiveState.Initial;
        try
        {
            var means = JsonSerializer.Deserialize<Dictionary<string, double[]>>(File.ReadAllText(path)) ?? [];
            return ObjectiveState.Initial with
            {
                Means = means.ToImmutableDictionary(m => m.Key, m => new RunningMean(m.Value[0], m.Value[1])),
            };
        }
        catch (Exception e) when (e is JsonException or IndexOutOfRangeException)
        {
            throw new PlumbException($"{path}: not a Plumb objective state ({e.Message}); the checkpoint is "
                + "damaged, resume from an earlier one.", e);
        }
    }
}
