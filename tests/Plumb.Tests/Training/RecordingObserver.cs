using Plumb.Training;

namespace Plumb.Tests.Training;

/// <summary>An observer that remembers everything, and can act on a given step.</summary>
public sealed class RecordingObserver : ITrainingObserver
{
    public List<MetricsRecord> Logs { get; } = [];
    public List<MetricsRecord> Evals { get; } = [];
    public List<string> Warnings { get; } = [];
    public List<int> Checkpoints { get; } = [];
    public Action<int>? OnStepDone { get; init; }

    public void OnStep(int step, int totalSteps) => OnStepDone?.Invoke(step);
    public void OnLog(MetricsRecord record) => Logs.Add(record);
    public void OnEvaluate(MetricsRecord record) => Evals.Add(record);
    public void OnWarning(string message) => Warnings.Add(message);
    public void OnCheckpoint(int step, string directory) => Checkpoints.Add(step);
}
