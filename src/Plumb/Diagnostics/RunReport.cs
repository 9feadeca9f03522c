using System.Globalization;
using System.Text.Json.Nodes;

namespace Plumb.Diagnostics;

/// <summary>
/// Gathers what a run directory holds (metrics.jsonl, diagnostics.jsonl, CHES scores, rank.json,
/// entangle.json, filter.json) into one self-contained <see cref="HtmlReport"/>.
/// </summary>
public static class RunReport
{
    /// <summary>The files looked for in the run directory, in report order.</summary>
    public static readonly IReadOnlyList<string> KnownFiles =
        ["metrics.jsonl", "diagnostics.jsonl", "ches_scores.jsonl", "scores.jsonl", "rank.json", "entangle.json",
            "filter.json"];

    private static readonly (string Title, string YLabel, string[] Keys)[] TrainingCharts =
    [
        ("Loss", "loss", ["loss", "eval_loss"]),
        ("Reward margin", "nats", ["rewards/margins", "eval_rewards/margins"]),
        ("Reward accuracy", "share", ["rewards/accuracies", "eval_rewards/accuracies"]),
        ("Summed log-probs", "nats", ["logps/chosen", "logps/rejected", "eval_logps/chosen", "eval_logps/rejected"]),
        ("Reward-model accuracy", "share", ["accuracy", "eval_accuracy"]),
        ("Rewards", "reward", ["min_reward", "mean_reward", "max_reward", "eval_mean_reward"]),
        ("Learning rate", "rate", ["learning_rate"]),
    ];

    /// <summary>Builds the report; <paramref name="scoresPath"/> overrides the CHES scores file looked for.</summary>
    /// <returns>The report and the names of the sections it holds.</returns>
    public static (HtmlReport Report, IReadOnlyList<string> Sections) Build(string runDir, string? scoresPath = null)
    {
        if (!Directory.Exists(runDir))
            throw new PlumbException($"{runDir}: no such run directory; pass the output_dir of a plumb train run.");
        var report = new HtmlReport($"Plumb run report: {Path.GetFileName(Path.GetFullPath(runDir))}");
        var sections = new List<string>();
        report.AddParagraph($"Run directory {Path.GetFullPath(runDir)}, reported "
            + DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) + ".");
        if (Rows(Path.Combine(runDir, "metrics.jsonl")) is { Count: > 0 } metrics)
            sections.Add(AddTraining(report, metrics));
        if (Rows(Path.Combine(runDir, "diagnostics.jsonl")) is { Count: > 0 } diagnostics)
            sections.Add(AddDiagnostics(report, diagnostics));
        string? scores = scoresPath ?? new[] { "ches_scores.jsonl", "scores.jsonl" }
            .Select(f => Path.Combine(runDir, f)).FirstOrDefault(File.Exists);
        if (scores is not null)
            sections.Add(AddChes(report, ChesScoresFile.Read(scores)));
        if (Json(Path.Combine(runDir, "rank.json")) is { } rank)
            sections.Add(RunReportSections.AddRank(report, rank));
        if (Json(Path.Combine(runDir, "entangle.json")) is { } entangle)
            sections.Add(RunReportSections.AddEntangle(report, entangle));
        if (Json(Path.Combine(runDir, "filter.json")) is { } filter)
            sections.Add(RunReportSections.AddFilter(report, filter));
        if (sections.Count == 0)
            throw new PlumbException($"{runDir} holds none of {string.Join(", ", KnownFiles)}; run plumb train "
                + "with --output-dir there, or pass --run DIR to plumb ches, rank or entangle.");
        return (report, sections);
    }

    private static string AddTraining(HtmlReport report, List<JsonObject> rows)
    {
        report.AddHeading("Training curves");
        foreach (var (title, yLabel, keys) in TrainingCharts)
        {
            var series = keys.Select(k => Series(rows, k)).Where(s => s.X.Length > 0).ToList();
            if (series.Count > 0)
                report.AddImage(title, DiagnosticPlots.Lines(title, yLabel, series));
        }
        var last = rows.Where(r => r.ContainsKey("loss")).LastOrDefault() ?? rows[^1];
        report.AddTable("Last logged training row", ["metric", "value"],
            last.Where(p => p.Value is JsonValue).Select(p => (IReadOnlyList<string>)[p.Key, Text(p.Value)]));
        return "training";
    }

    private static string AddDiagnostics(HtmlReport report, List<JsonObject> rows)
    {
        report.AddHeading("Likelihood displacement and over-optimisation (probe set)");
        report.AddImage("Mean log-prob change since the start", DiagnosticPlots.Lines(
            "Log-prob change since the start", "nats",
            [Series(rows, "chosen_change", "chosen"), Series(rows, "rejected_change", "rejected"),
                Series(rows, "margin_change", "margin")]));
        report.AddImage("Share of probe pairs whose chosen log-prob fell", DiagnosticPlots.Lines(
            "Share of chosen log-probs that fell", "share", [Series(rows, "fraction_chosen_fell", "fell")]));
        if (Series(rows, "topk_entropy", "entropy") is { X.Length: > 0 } entropy)
        {
            report.AddImage("Top-k entropy on held-out sequences (bits)",
                DiagnosticPlots.Lines("Top-k entropy", "bits", [entropy]));
            report.AddImage("Top-k probability mass on held-out sequences",
                DiagnosticPlots.Lines("Top-k mass", "mass", [Series(rows, "topk_mass", "mass")]));
        }
        report.AddTable("Probe measurements by step",
            ["step", "chosen log-prob", "chosen change", "rejected change", "margin change", "share fell",
                "top-k entropy", "top-k mass"],
            rows.Select(r => (IReadOnlyList<string>)[Text(r["step"]), Text(r["logps_chosen_mean"]),
                Text(r["chosen_change"]), Text(r["rejected_change"]), Text(r["margin_change"]),
                Text(r["fraction_chosen_fell"]), Text(r["topk_entropy"]), Text(r["topk_mass"])]));
        RunReportSections.AddWarningsAndShifts(report, rows);
        return "diagnostics";
    }

    private static string AddChes(HtmlReport report, List<PairChes> scores)
    {
        report.AddHeading("CHES (Razin et al. 2024)")
            .AddParagraph("Higher CHES means the chosen and rejected responses look alike to the model, which "
                + "predicts that preference training will lower the chosen response's likelihood.")
            .AddImage("LN-CHES per pair", DiagnosticPlots.Histogram(
                scores.Select(s => s.Similarity.LengthNormalisedChes).ToList(), "LN-CHES", "LN-CHES"));
        report.AddTable($"The {Math.Min(10, scores.Count)} of {scores.Count} pairs with the highest LN-CHES",
            ["pair", "CHES", "LN-CHES", "last-state inner product", "normalised edit distance"],
            scores.OrderByDescending(s => s.Similarity.LengthNormalisedChes).Take(10)
                .Select(s => (IReadOnlyList<string>)[s.Id, HtmlReport.Cell(s.Similarity.Ches),
                    HtmlReport.Cell(s.Similarity.LengthNormalisedChes),
                    HtmlReport.Cell(s.Similarity.LastHiddenInnerProduct),
                    s.Similarity.MinusNormalisedEditDistance is { } d ? HtmlReport.Cell(-d) : "n/a"]));
        return "ches";
    }

    internal static (string Label, double[] X, double[] Y) Series(List<JsonObject> rows, string key,
        string? label = null)
    {
        var points = rows.Where(r => r[key] is JsonValue v && v.TryGetValue<double>(out var y) && double.IsFinite(y))
            .Select(r => ((double)r["step"]!, (double)r[key]!)).ToList();
        return (label ?? key, points.Select(p => p.Item1).ToArray(), points.Select(p => p.Item2).ToArray());
    }

    internal static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue<double>(out var d) => HtmlReport.Cell(d),
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "yes" : "no",
        JsonValue v => v.ToString(),
        _ => node.ToJsonString(),
    };

    private static List<JsonObject>? Rows(string path)
    {
        if (!File.Exists(path))
            return null;
        var rows = new List<JsonObject>();
        int number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            rows.Add(Parse(line, path, number) as JsonObject
                ?? throw new PlumbException($"{path} line {number}: expected a JSON object."));
        }
        return rows;
    }

    private static JsonObject? Json(string path) =>
        File.Exists(path) ? Parse(File.ReadAllText(path), path, 1) as JsonObject : null;

    private static JsonNode? Parse(string text, string path, int line)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new PlumbException($"{path} line {line}: not valid JSON ({e.Message}); regenerate the file.", e);
        }
    }
}
