using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Plumb.Diagnostics;

namespace Plumb.Cli.Commands;

/// <summary><c>plumb ches</c>: per-pair CHES scores (Razin et al. 2024) of a dataset under a model.</summary>
internal static class ChesCommand
{
    /// <summary>The file name the scores get inside a run directory.</summary>
    public const string RunFileName = "ches_scores.jsonl";

    public static Command Create(CliIO io)
    {
        var command = new Command("ches",
            "Score each pair's CHES, LN-CHES, last hidden-state inner product and token edit distance.");
        var inputs = new DiagnosticInputs().AddTo(command);
        var output = new Option<string?>("--out") { Description = "Scores file (JSONL, one row per pair id)." };
        command.Options.Add(output);
        command.SetAction(result => Run(io, result, inputs, result.GetValue(output)));
        return command;
    }

    private static int Run(CliIO io, ParseResult result, DiagnosticInputs inputs, string? output)
    {
        string? run = result.GetValue(inputs.Run);
        string path = output ?? (run is null
            ? throw new PlumbException("plumb ches needs --out FILE (or --run DIR) to write the scores to.")
            : Path.Combine(run, RunFileName));
        inputs.RefuseOverwritingData(result, path);
        var clock = Stopwatch.StartNew();
        string modelDir = result.GetValue(inputs.Model)!;
        var loaded = inputs.LoadPairs(result, modelDir);
        var tokenized = clock.Elapsed;
        using var model = inputs.LoadModel(result, modelDir);

        var rows = new List<PairChes>(loaded.Pairs.Count);
        CreateParent(path);
        ChesScoresFile.Write(path, Collect(PairScorer.Ches(model, loaded.Pairs, loaded.PadId,
            inputs.Batch(result), inputs.ResolveDevice(result)), rows));
        if (run is not null && Path.GetFullPath(path) != Path.GetFullPath(Path.Combine(run, RunFileName)))
        {
            Directory.CreateDirectory(run);
            File.Copy(path, Path.Combine(run, RunFileName), overwrite: true);
        }
        Print(io, rows, loaded.Report.Read, path, tokenized, clock.Elapsed);
        return 0;
    }

    private static IEnumerable<PairChes> Collect(IEnumerable<PairChes> rows, List<PairChes> into)
    {
        foreach (var row in rows)
        {
            into.Add(row);
            yield return row;
        }
    }

    private static void Print(CliIO io, List<PairChes> rows, long read, string path, TimeSpan tokenized,
        TimeSpan elapsed)
    {
        var console = CliTables.Console(io.Out);
        console.Write(CliTables.QuantileTable("measure", [
            ("CHES", rows.Select(r => r.Similarity.Ches).ToList()),
            ("LN-CHES", rows.Select(r => r.Similarity.LengthNormalisedChes).ToList()),
            ("last-state inner product", rows.Select(r => r.Similarity.LastHiddenInnerProduct).ToList()),
            ("normalised edit distance",
                rows.Select(r => -(r.Similarity.MinusNormalisedEditDistance ?? double.NaN)).ToList()),
        ]));
        var top = rows.OrderByDescending(r => r.Similarity.LengthNormalisedChes).Take(5)
            .Select(r => $"{r.Id} ({CliTables.Number(r.Similarity.LengthNormalisedChes)})");
        io.Out.WriteLine($"highest LN-CHES (most displacement-prone): {string.Join(", ", top)}");
        // Only per-pair numbers are kept, so the peak must not grow with the file beyond a few doubles a pair.
        long peak = Process.GetCurrentProcess().PeakWorkingSet64 >> 20;
        io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"scored {rows.Count} of {read} records in {elapsed.TotalSeconds:F1} s ({tokenized.TotalSeconds:F1} s "
            + $"reading and tokenizing; peak working set {peak} MiB); "
            + $"wrote {path}"));
    }

    internal static void CreateParent(string path)
    {
        string? parent = Path.GetDirectoryName(Path.GetFullPath(path));
        if (parent is not null)
            Directory.CreateDirectory(parent);
    }
}
