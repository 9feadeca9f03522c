namespace Plumb.Objectives;

/// <summary>
/// A running mean of detached rewards, kept as plain numbers so a checkpoint can save and restore it.
/// </summary>
/// <param name="Mean">The mean of every value absorbed so far (0 before the first).</param>
/// <param name="Count">How many values were absorbed.</param>
public sealed record RunningMean(double Mean, double Count)
{
    /// <summary>No values seen yet.</summary>
    public static RunningMean Empty { get; } = new(0.0, 0.0);

    /// <summary>Absorbs <paramref name="n"/> values whose mean is <paramref name="batchMean"/>.</summary>
    public RunningMean Update(double batchMean, double n)
    {
        double total = Count + n;
        return new RunningMean(Mean + (batchMean - Mean) * n / total, total);
    }
}
