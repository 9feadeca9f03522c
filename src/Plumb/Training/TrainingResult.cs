namespace Plumb.Training;

/// <summary>How a run ended.</summary>
/// <param name="CompletedSteps">Optimizer steps done, including those before a resume.</param>
/// <param name="Interrupted">True when cancellation stopped the run early (after saving a checkpoint).</param>
/// <param name="LastCheckpoint">The newest complete checkpoint directory, or null.</param>
/// <param name="History">Every logged training and evaluation row, including those before a resume.</param>
public sealed record TrainingResult(
    int CompletedSteps, bool Interrupted, string? LastCheckpoint, IReadOnlyList<MetricsRecord> History);
