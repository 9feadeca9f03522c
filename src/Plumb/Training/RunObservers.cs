namespace Plumb.Training;

/// <summary>The observers a command-line run wants, wired to one run directory.</summary>
public static class RunObservers
{
    /// <summary>
    /// metrics.jsonl, PNG charts in <c>plots/</c> at the end, and one summary line per logged row handed to
    /// <paramref name="writeLine"/>; <paramref name="extra"/> (e.g. a progress bar) are notified after them.
    /// </summary>
    public static CompositeObserver Standard(
        string outputDir, Action<string> writeLine, params IReadOnlyList<ITrainingObserver> extra) =>
        new([
            MetricsJsonlSink.InRunDirectory(outputDir),
            new PlotWriter(Path.Combine(outputDir, "plots")),
            new SummaryLineObserver(writeLine),
            .. extra,
        ]);
}
