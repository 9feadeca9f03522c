using System.Globalization;
namespace Plumb.Diagnostics;

/// <summary>Standard report sections for each diagnostic, so every caller lays them out the same way.</summary>
public static class ReportSections
{
    /// <summary>LN-CHES histogram, the most similar pairs with both baselines, and the filter's removals.</summary>
    public static HtmlReport AddChes(this HtmlReport report, IReadOnlyList<PairSimilarity> scores,
        ChesFilterResult? filter = null, int rows = 10)
    {
        report.AddHeading("CHES (Razin et al. 2024)")
            .AddParagraph("Higher CHES means the chosen and rejected responses look alike to the model, which "
                + "predicts that preference training will lower the chosen response's likelihood.")
            .AddImage("LN-CHES per pair",
                DiagnosticPlots.Histogram(scores.Select(s => s.LengthNormalisedChes).ToList(), "LN-CHES", "LN-CHES"));
        var top = Enumerable.Range(0, scores.Count)
            .OrderByDescending(i => scores[i].LengthNormalisedChes).Take(rows);
        report.AddTable($"The {Math.Min(rows, scores.Count)} pairs with the highest LN-CHES",
            ["pair", "CHES", "LN-CHES", "last-state inner product", "-normalised edit distance"],
            top.Select(i => (IReadOnlyList<string>)[
                i.ToString(), HtmlReport.Cell(scores[i].Ches), HtmlReport.Cell(scores[i].LengthNormalisedChes),
                HtmlReport.Cell(scores[i].LastHiddenInnerProduct),
                scores[i].MinusNormalisedEditDistance is { } d ? HtmlReport.Cell(d) : "n/a"]));
        if (filter is not null)
            report.AddParagraph($"CHES filter: kept {filter.Kept.Count} of {scores.Count} pairs and removed "
                + $"{filter.Removed.Count}.");
        return report;
    }

    /// <summary>Mean log-prob changes over training, and the latest share of pairs whose chosen fell.</summary>
    public static HtmlReport AddDisplacement(this HtmlReport report, IReadOnlyList<int> steps,
        IReadOnlyList<DisplacementSummary> summaries)
    {
        var last = summaries[^1];
        return report.AddHeading("Likelihood displacement")
            .AddImage("Mean change since step 0", DiagnosticPlots.DisplacementCurves(steps, summaries))
            .AddParagraph(string.Create(CultureInfo.InvariantCulture,
                $"At step {steps[^1]} the chosen log-prob fell for {last.FractionChosenFell * 100:F1}% of probe pairs; "
                + $"mean changes: chosen {last.MeanChosenChange:F3}, rejected {last.MeanRejectedChange:F3}, "
                + $"margin {last.MeanMarginChange:F3} nats."));
    }

    /// <summary>Ranking accuracy against its idealised value, and the pairs hardest to rank correctly.</summary>
    public static HtmlReport AddRanking(this HtmlReport report, RankingReport ranking, int rows = 10)
    {
        report.AddHeading("Ranking accuracy (Chen et al. 2024)")
            .AddTable("Summary", ["beta", "ranking accuracy", "idealised", "gap"],
                [[HtmlReport.Cell(ranking.Beta), HtmlReport.Cell(ranking.RankingAccuracy),
                    HtmlReport.Cell(ranking.IdealisedRankingAccuracy), HtmlReport.Cell(ranking.Gap)]]);
        var hardest = ranking.Pairs.OrderBy(p => p.LossThreshold).Take(rows);
        return report.AddTable("Hardest pairs: the DPO loss each must fall below to be ranked correctly",
            ["pair", "ranked", "ideally ranked", "loss threshold", "DPO loss"],
            hardest.Select(p => (IReadOnlyList<string>)[
                p.Index.ToString(), p.Ranked ? "yes" : "no", p.IdealRanked ? "yes" : "no",
                HtmlReport.Cell(p.LossThreshold), HtmlReport.Cell(p.DpoLoss)]));
    }

    /// <summary>Share of pairs whose gradients are entangled, with mean inner product and cosine.</summary>
    public static HtmlReport AddEntanglement(this HtmlReport report, EntanglementSummary summary) =>
        report.AddHeading("Gradient entanglement (Yuan et al. 2024)")
            .AddTable($"Over {summary.Pairs} sampled pairs",
                ["entangled share", "chosen falls share", "mean inner product", "mean cosine", "mean ratio"],
                [[HtmlReport.Cell(summary.EntangledShare), HtmlReport.Cell(summary.ChosenFallsShare),
                    HtmlReport.Cell(summary.MeanInnerProduct), HtmlReport.Cell(summary.MeanCosine),
                    HtmlReport.Cell(summary.MeanConditionRatio)]]);

    /// <summary>Expected calibration error and the non-empty reliability bins.</summary>
    public static HtmlReport AddCalibration(this HtmlReport report, CalibrationReport calibration) =>
        report.AddHeading("Calibration of sigmoid(beta * margin)")
            .AddParagraph($"Expected calibration error: {HtmlReport.Cell(calibration.ExpectedCalibrationError, "F4")}")
            .AddTable("Reliability bins", ["bin", "pairs", "mean confidence", "accuracy"],
                calibration.Bins.Where(b => b.Count > 0).Select(b => (IReadOnlyList<string>)[
                    $"[{HtmlReport.Cell(b.Lower, "F1")}, {HtmlReport.Cell(b.Upper, "F1")})", b.Count.ToString(),
                    HtmlReport.Cell(b.MeanConfidence, "F3"), HtmlReport.Cell(b.Accuracy, "F3")]));
}
