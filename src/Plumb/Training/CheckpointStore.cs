using System.Globalization;
using System.Text.RegularExpressions;

namespace Plumb.Training;

/// <summary>
/// The <c>checkpoint-NNNNNN/</c> directories of a run. Each is written under a <c>.tmp</c> name, flushed to
/// disk, then renamed, so a crash mid-write leaves the previous checkpoints intact and loadable.
/// </summary>
/// <param name="Root">The run directory that holds the checkpoints.</param>
public sealed partial record CheckpointStore(string Root)
{
    /// <summary>The file written last into a checkpoint; its presence marks the checkpoint complete.</summary>
    public const string StateFile = "trainer_state.json";

    private const string Prefix = "checkpoint-";

    /// <summary>The directory name of the checkpoint taken after <paramref name="step"/> steps.</summary>
    public string PathFor(int step) =>
        Path.Combine(Root, Prefix + step.ToString("D6", CultureInfo.InvariantCulture));

    /// <summary>
    /// Writes a checkpoint: <paramref name="write"/> fills a temporary directory, whose files are then
    /// fsynced and which is renamed into place. Keeps the newest <paramref name="keep"/> (0 keeps all).
    /// </summary>
    public string Save(int step, Action<string> write, int keep = 0)
    {
        string final = PathFor(step);
        string temp = final + ".tmp";
        if (Directory.Exists(temp))
            Directory.Delete(temp, recursive: true);
        Directory.CreateDirectory(temp);

        write(temp);
        AtomicFile.FlushTree(temp);

        // Re-saving a step (after a resume) replaces the old copy only once the new one is complete.
        if (Directory.Exists(final))
            Directory.Delete(final, recursive: true);
        Directory.Move(temp, final);
        // TODO(#4): fsync the parent directory so the rename itself survives a power loss (no .NET API).
        Prune(keep);
        return final;
    }

    /// <summary>Complete checkpoints, oldest first, with the step each was taken after.</summary>
    public IReadOnlyList<(int Step, string Directory)> List()
    {
        if (!Directory.Exists(Root))
            return [];
        return Directory.EnumerateDirectories(Root)
            .Select(d => (Match: CheckpointName().Match(Path.GetFileName(d)), Directory: d))
            .Where(x => x.Match.Success && File.Exists(Path.Combine(x.Directory, StateFile)))
            .Select(x => (int.Parse(x.Match.Groups[1].Value, CultureInfo.InvariantCulture), x.Directory))
            .OrderBy(x => x.Item1)
            .ToList();
    }

    /// <summary>The newest complete checkpoint, or null.</summary>
    public string? Latest() => List().Select(c => c.Directory).LastOrDefault();

    /// <summary>Turns "latest" or a path into a complete checkpoint directory.</summary>
    /// <exception cref="PlumbException">There is no such complete checkpoint.</exception>
    public string Resolve(string spec)
    {
        if (spec.Equals("latest", StringComparison.OrdinalIgnoreCase))
            return Latest() ?? throw new PlumbException(
                $"resume_from_checkpoint: latest: {Root} holds no complete checkpoint; "
                + "start without resuming, or point output_dir at the run to continue.");
        if (!File.Exists(Path.Combine(spec, StateFile)))
            throw new PlumbException(
                $"resume_from_checkpoint: {spec} is not a complete checkpoint (no {StateFile}); "
                + "pass 'latest' or a checkpoint-NNNNNN directory.");
        return spec;
    }

    private void Prune(int keep)
    {
        if (keep <= 0)
            return;
        var all = List();
        foreach (var (_, dir) in all.Take(Math.Max(0, all.Count - keep)))
            Directory.Delete(dir, recursive: true);
    }

    [GeneratedRegex(@"^checkpoint-(\d+)$")]
    private static partial Regex CheckpointName();
}
