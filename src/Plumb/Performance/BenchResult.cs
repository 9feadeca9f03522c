namespace Plumb.Performance;

/// <summary>One timed configuration: a shape, a step kind, and what it cost.</summary>
/// <param name="Shape">The model shape's name.</param>
/// <param name="Case">The step kind (see <see cref="BenchCases"/>).</param>
/// <param name="Parameters">Parameters of the model (a tied head counts once).</param>
/// <param name="TrainableParameters">Parameters that receive gradients (0 for scoring).</param>
/// <param name="Tokens">Tokens through the policy per step (rows x sequence length).</param>
/// <param name="MsPerStep">Median wall time of the timed steps.</param>
/// <param name="TokensPerSecond">Tokens / median step time.</param>
/// <param name="Gflops">Counted matmul GFLOP per step (see <see cref="FlopCount"/>).</param>
/// <param name="Mfu">Achieved GFLOP/s over the measured matmul ceiling.</param>
/// <param name="PeakRssBytes">Process peak RSS during this configuration (VmHWM after a reset).</param>
/// <param name="BaselineRssBytes">RSS just before this configuration built its models.</param>
/// <param name="EstimateBytes">Analytic memory estimate where one is defined (full DPO), else null.</param>
public sealed record BenchResult(
    string Shape, string Case, long Parameters, long TrainableParameters, long Tokens, double MsPerStep,
    double TokensPerSecond, double Gflops, double Mfu, long PeakRssBytes, long BaselineRssBytes,
    long? EstimateBytes)
{
    /// <summary>Median milliseconds per phase of a training step: forward (policy and reference), backward,
    /// optimizer (clipping and AdamW); empty for scoring.</summary>
    public IReadOnlyDictionary<string, double> PhaseMs { get; init; } = new Dictionary<string, double>();

    /// <summary>CPU time the process used during the timed steps over their wall time x torch threads.</summary>
    /// <remarks>About 1 when the steps had the cores to themselves; well below 1 (0.5 when another process
    /// of the same size competes) means the row's times are inflated by load, not by Plumb.</remarks>
    public double CpuShare { get; init; }

    /// <summary>Peak minus baseline: the memory this configuration added.</summary>
    public long PeakDeltaBytes => PeakRssBytes - BaselineRssBytes;
}
