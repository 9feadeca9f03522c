namespace Plumb.Training;

/// <summary>An observer that draws the run's charts into <c>plots/</c> when the run ends.</summary>
/// <param name="Directory">Where the PNG files go.</param>
public sealed record PlotWriter(string Directory) : ITrainingObserver
{
    /// <summary>The files written at the end of the run.</summary>
    public IReadOnlyList<string> Written { get; private set; } = [];

    /// <inheritdoc />
    public void OnEnd(TrainingResult result) => Written = MetricsPlotter.WriteAll(result.History, Directory);
}
