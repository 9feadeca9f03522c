using ScottPlot;

namespace Plumb.Diagnostics;

/// <summary>PNG charts for the diagnostics report, drawn with ScottPlot.</summary>
public static class DiagnosticPlots
{
    /// <summary>A histogram of per-pair scores (e.g. LN-CHES) in equal-width bins.</summary>
    public static byte[] Histogram(IReadOnlyList<double> scores, string title, string xLabel, int bins = 30,
        int width = 640, int height = 400)
    {
        if (scores.Count == 0)
            throw new ArgumentException("no scores to plot");
        double low = scores.Min();
        double high = scores.Max();
        double step = high > low ? (high - low) / bins : 1.0;
        var counts = new double[bins];
        foreach (double s in scores)
            counts[Math.Min(bins - 1, (int)((s - low) / step))]++;
        var centres = Enumerable.Range(0, bins).Select(b => low + (b + 0.5) * step).ToArray();

        var plot = new Plot();
        var bars = plot.Add.Bars(centres, counts);
        foreach (var bar in bars.Bars)
            bar.Size = step;
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel("pairs");
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>Mean chosen and rejected log-prob changes (and the margin) against training steps.</summary>
    public static byte[] DisplacementCurves(IReadOnlyList<int> steps, IReadOnlyList<DisplacementSummary> summaries,
        int width = 640, int height = 400)
    {
        if (steps.Count != summaries.Count || steps.Count == 0)
            throw new ArgumentException($"{steps.Count} steps for {summaries.Count} summaries; pass one per step");
        double[] x = steps.Select(s => (double)s).ToArray();
        var plot = new Plot();
        Line(plot, x, summaries.Select(s => s.MeanChosenChange), "chosen");
        Line(plot, x, summaries.Select(s => s.MeanRejectedChange), "rejected");
        Line(plot, x, summaries.Select(s => s.MeanMarginChange), "margin");
        plot.Title("Log-prob change since step 0");
        plot.XLabel("step");
        plot.YLabel("nats");
        plot.ShowLegend(Edge.Right);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>Several named series against training steps, one line each; empty series are skipped.</summary>
    public static byte[] Lines(string title, string yLabel,
        IReadOnlyList<(string Label, double[] X, double[] Y)> series, int width = 640, int height = 400)
    {
        var drawn = series.Where(s => s.X.Length > 0 && s.X.Length == s.Y.Length).ToList();
        if (drawn.Count == 0)
            throw new ArgumentException($"chart '{title}' has no series with points");
        var plot = new Plot();
        foreach (var (label, x, y) in drawn)
            Line(plot, x, y, label);
        plot.Title(title);
        plot.XLabel("step");
        plot.YLabel(yLabel);
        if (drawn.Count > 1)
            plot.ShowLegend(Edge.Right);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    private static void Line(Plot plot, double[] x, IEnumerable<double> y, string label)
    {
        var scatter = plot.Add.Scatter(x, y.ToArray());
        scatter.LegendText = label;
    }
}
