using System.Text.Json.Nodes;

namespace Plumb.Diagnostics;

/// <summary>Report sections for the JSON results that plumb rank, entangle and filter leave in a run directory.
/// </summary>
internal static class RunReportSections
{
    public static string AddRank(HtmlReport report, JsonObject rank)
    {
        report.AddHeading("Ranking accuracy (Chen et al. 2024)")
            .AddTable("Summary", ["measure", "value"], Pick(rank, "pairs", "beta", "ranking_accuracy",
                "length_normalised_ranking_accuracy", "idealised_ranking_accuracy", "gap",
                "pairs_with_preference_probability", "expected_calibration_error"));
        if (rank["displacement"] is JsonObject moved)
            report.AddTable("Log-prob changes since the reference (likelihood displacement when chosen fell)",
                ["measure", "value"], Pick(moved, "mean_chosen_change", "mean_rejected_change", "chosen_fell_share"));
        if (rank["calibration_bins"] is JsonArray bins)
            report.AddTable("Reliability of sigmoid(beta * margin)", ["bin", "pairs", "mean confidence", "accuracy"],
                bins.OfType<JsonObject>().Where(b => (int)b["count"]! > 0).Select(b => (IReadOnlyList<string>)[
                    $"[{RunReport.Text(b["lower"])}, {RunReport.Text(b["upper"])})", RunReport.Text(b["count"]),
                    RunReport.Text(b["mean_confidence"]), RunReport.Text(b["accuracy"])]));
        if (rank["hardest_pairs"] is JsonArray { Count: > 0 } hardest)
            report.AddParagraph("Hardest misranked pairs: " + string.Join(", ", hardest.Select(RunReport.Text)));
        return "rank";
    }

    public static string AddEntangle(HtmlReport report, JsonObject entangle)
    {
        var summary = entangle["summary"] as JsonObject ?? [];
        report.AddHeading("Gradient entanglement (Yuan et al. 2024)")
            .AddTable("Over the sampled pairs", ["measure", "value"],
                Pick(summary, "pairs", "entangled_share", "chosen_falls_share", "mean_inner_product", "mean_cosine",
                    "mean_condition_ratio").Concat(Pick(entangle, "mean_chosen_norm", "mean_rejected_norm")));
        return "entangle";
    }

    public static string AddFilter(HtmlReport report, JsonObject filter)
    {
        report.AddHeading("CHES filter")
            .AddTable("What plumb filter kept", ["measure", "value"],
                Pick(filter, "measure", "keep_fraction", "quantile", "scored", "kept", "removed", "threshold",
                    "unscored"));
        return "filter";
    }

    public static void AddWarningsAndShifts(HtmlReport report, List<JsonObject> rows)
    {
        var warnings = rows.SelectMany(r => (r["warnings"] as JsonArray ?? []).Select(w => (r, w))).ToList();
        report.AddParagraph(warnings.Count == 0
            ? "No displacement or over-optimisation warning was raised."
            : $"{warnings.Count} warning(s) raised:");
        if (warnings.Count > 0)
            report.AddTable("Warnings", ["step", "warning"],
                warnings.Select(x => (IReadOnlyList<string>)[RunReport.Text(x.r["step"]), RunReport.Text(x.w)]));
        var last = rows.LastOrDefault(r => r["token_shifts"] is JsonArray { Count: > 0 });
        if (last?["token_shifts"] is JsonArray shifts)
            report.AddTable($"Tokens whose first-position probability rose most (step {RunReport.Text(last["step"])})",
                ["token", "text", "before", "after"],
                shifts.OfType<JsonObject>().Select(s => (IReadOnlyList<string>)[RunReport.Text(s["token"]),
                    RunReport.Text(s["text"]), RunReport.Text(s["before"]), RunReport.Text(s["after"])]));
    }

    private static IEnumerable<IReadOnlyList<string>> Pick(JsonObject json, params string[] keys) =>
        keys.Where(json.ContainsKey).Select(k => (IReadOnlyList<string>)[k.Replace('_', ' '), RunReport.Text(json[k])]);
}
