using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Plumb.Data.Sources;
using Plumb.Diagnostics;

namespace Plumb.Cli.Commands;

/// <summary>
/// <c>plumb filter --by ches</c>: writes the dataset without its most displacement-prone pairs, keeping by default
/// the 5% with the lowest LN-CHES, as Razin et al. 2024 (Sec. 6) do.
/// </summary>
internal static class FilterCommand
{
    public static Command Create(CliIO io)
    {
        var command = new Command("filter", "Remove the pairs most prone to likelihood displacement (by CHES).");
        var inputs = new DiagnosticInputs().AddTo(command, modelRequired: false);
        var by = new Option<string>("--by") { Description = "What to filter by: ches.", Required = true };
        var scores = new Option<string?>("--scores") { Description = "Scores from plumb ches (else --model)." };
        var output = new Option<string>("--out") { Description = "Filtered data (JSONL).", Required = true };
        var keep = new Option<double?>("--keep-fraction") { Description = "Share of pairs kept (default 0.05)." };
        var measure = new Option<string?>("--measure") { Description = "ln_ches (default) or ches." };
        var quantile = new Option<double?>("--quantile")
        {
            Description = "Percentile of ascending scores the kept window centres on: 0 (default) keeps the "
                + "lowest, 1 the highest (the paper's Section 5 subsets).",
        };
        foreach (Option option in new Option[] { by, scores, output, keep, measure, quantile })
            command.Options.Add(option);
        command.SetAction(r => Run(io, r, inputs, new Request(r.GetValue(by)!, r.GetValue(scores),
            r.GetValue(output)!, r.GetValue(keep) ?? 0.05, ParseMeasure(r.GetValue(measure)),
            r.GetValue(quantile) ?? 0)));
        return command;
    }

    private sealed record Request(string By, string? Scores, string Output, double KeepFraction, ChesMeasure Measure,
        double Quantile);

    /// <summary>What a filter run did, as written to the run directory.</summary>
    internal sealed record FilterSummary(string Measure, double KeepFraction, double Quantile, int Scored, int Kept,
        int Removed, double Threshold, long Unscored, IReadOnlyList<string> TopRemoved);

    private static int Run(CliIO io, ParseResult r, DiagnosticInputs inputs, Request request)
    {
        if (!string.Equals(request.By, "ches", StringComparison.OrdinalIgnoreCase))
            throw new PlumbException($"--by {request.By}: only 'ches' is supported.");
        inputs.RefuseOverwritingData(r, request.Output);
        var options = new ChesFilterOptions
        {
            KeepFraction = request.KeepFraction, Measure = request.Measure, Quantile = request.Quantile,
        };
        var filter = new ChesFilter(options);
        var scores = Scores(r, inputs, request.Scores);
        var result = filter.Apply(scores.Select(s => s.Similarity).ToList());

        var kept = result.Kept.Select(i => scores[i].Id).ToHashSet(StringComparer.Ordinal);
        var scored = scores.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        ChesCommand.CreateParent(request.Output);
        var (written, unscored) = Write(r.GetValue(inputs.Data)!, request.Output, kept, scored);

        var summary = Summarise(request, scores, result, unscored);
        Print(io, summary, written, request.Output);
        inputs.SaveToRun(r, "filter.json", summary);
        return 0;
    }

    private static List<PairChes> Scores(ParseResult r, DiagnosticInputs inputs, string? scoresPath)
    {
        if (scoresPath is not null)
            return ChesScoresFile.Read(scoresPath);
        string? modelDir = r.GetValue(inputs.Model);
        if (modelDir is null)
            throw new PlumbException("plumb filter needs --scores FILE (from plumb ches) or --model DIR to score.");
        var loaded = inputs.LoadPairs(r, modelDir);
        using var model = inputs.LoadModel(r, modelDir);
        return PairScorer.Ches(model, loaded.Pairs, loaded.PadId, inputs.Batch(r), inputs.ResolveDevice(r))
            .ToList();
    }

    private static FilterSummary Summarise(Request request, List<PairChes> scores, ChesFilterResult result,
        long unscored)
    {
        double Score(int i) => request.Measure == ChesMeasure.Ches
            ? scores[i].Similarity.Ches
            : scores[i].Similarity.LengthNormalisedChes;
        double threshold = result.Kept.Count == 0 ? double.NaN : result.Kept.Max(Score);
        var top = result.Removed.OrderByDescending(p => p.Score).Take(10).Select(p => scores[p.Index].Id).ToList();
        return new FilterSummary(Name(request.Measure), request.KeepFraction, request.Quantile, scores.Count,
            result.Kept.Count,
            result.Removed.Count, threshold, unscored, top);
    }

    /// <summary>
    /// Copies the kept records: a plain .jsonl file line for line as it was; any other source re-serialised
    /// as one JSON object per line. Records with no score (dropped while loading) are not written.
    /// </summary>
    private static (int Written, long Unscored) Write(string data, string output, HashSet<string> kept,
        HashSet<string> scored)
    {
        using var writer = new StreamWriter(output, append: false, new UTF8Encoding(false));
        int written = 0;
        long unscored = 0;
        foreach (var (id, line) in Lines(data))
        {
            if (!scored.Contains(id))
                unscored++;
            else if (kept.Contains(id))
            {
                writer.Write(line);
                writer.Write('\n');
                written++;
            }
        }
        return (written, unscored);
    }

    private static IEnumerable<(string Id, string Line)> Lines(string data)
    {
        bool plainJsonl = File.Exists(data)
            && (data.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)
                || data.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase));
        if (plainJsonl)
            return RawLines(data);
        return RecordSource.Read(data).Where(rec => rec.Error is null)
            .Select(rec => (rec.Origin.Id, JsonSerializer.Serialize(rec.Fields)));
    }

    // Line numbers count every line, blank ones included, as the JSONL reader numbers record ids.
    private static IEnumerable<(string Id, string Line)> RawLines(string path)
    {
        string name = Path.GetFileName(path);
        long number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            if (!string.IsNullOrWhiteSpace(line))
                yield return ($"{name}:{number}", line);
        }
    }

    private static void Print(CliIO io, FilterSummary s, int written, string output)
    {
        var inv = CultureInfo.InvariantCulture;
        string where = s.Quantile == 0 ? "lowest" : string.Create(inv, $"around percentile {s.Quantile * 100:0.#} of");
        io.Out.WriteLine(string.Create(inv, $"kept {s.Kept} of {s.Scored} scored pairs ({s.KeepFraction:P1}, "
            + $"{where} {s.Measure}); removed {s.Removed}"));
        if (s.Quantile == 0)
            io.Out.WriteLine($"threshold: kept pairs have {s.Measure} <= {CliTables.Number(s.Threshold)}");
        if (s.TopRemoved.Count > 0)
            io.Out.WriteLine($"most displacement-prone removed: {string.Join(", ", s.TopRemoved)}");
        if (s.Unscored > 0)
            io.Out.WriteLine($"not written: {s.Unscored} record(s) without a score (dropped while loading or "
                + "absent from the scores file)");
        io.Out.WriteLine($"wrote {written} record(s) to {output}");
    }

    private static ChesMeasure ParseMeasure(string? text) => text?.ToLowerInvariant() switch
    {
        null or "ln_ches" or "ln-ches" => ChesMeasure.LengthNormalisedChes,
        "ches" => ChesMeasure.Ches,
        _ => throw new PlumbException($"--measure {text}: use ln_ches or ches."),
    };

    private static string Name(ChesMeasure measure) => measure == ChesMeasure.Ches ? "ches" : "ln_ches";
}
