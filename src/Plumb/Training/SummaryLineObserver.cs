namespace Plumb.Training;

/// <summary>Hands one formatted line per logged row and per evaluation to the caller (the CLI).</summary>
/// <param name="WriteLine">Receives each line.</param>
public sealed record SummaryLineObserver(Action<string> WriteLine) : ITrainingObserver
{
    /// <inheritdoc />
    public void OnLog(MetricsRecord record) => WriteLine(SummaryLine.Format(record));

    /// <inheritdoc />
    public void OnEvaluate(MetricsRecord record) => WriteLine(SummaryLine.FormatEval(record));

    /// <inheritdoc />
    public void OnWarning(string message) => WriteLine("warning: " + message);

    /// <inheritdoc />
    public void OnCheckpoint(int step, string directory) => WriteLine($"saved {directory}");

    /// <inheritdoc />
    public void OnResume(int step, string directory) => WriteLine($"resumed from {directory} (step {step})");
}
