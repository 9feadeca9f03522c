namespace Plumb.Training;

/// <summary>One row of metrics at an optimizer step, keyed as TRL logs them.</summary>
/// <param name="Step">The optimizer step (1-based) the row was taken at.</param>
/// <param name="TotalSteps">Optimizer steps planned for the run.</param>
/// <param name="Values">Metric name to value, in logging order.</param>
public sealed record MetricsRecord(int Step, int TotalSteps, IReadOnlyDictionary<string, double> Values)
{
    /// <summary>The value under <paramref name="key"/>, or null.</summary>
    public double? Get(string key) => Values.TryGetValue(key, out var v) ? v : null;
}
