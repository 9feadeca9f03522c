namespace Plumb.Performance;

/// <summary>Everything one <c>plumb bench</c> run measured.</summary>
/// <param name="Date">UTC time the run started, ISO 8601.</param>
/// <param name="Machine">Processor count, torch threads and OS, in words.</param>
/// <param name="Options">The settings used.</param>
/// <param name="Matmul">Measured GFLOP/s per matmul shape, e.g. "[1024,768]x[768,3072]".</param>
/// <param name="CeilingGflops">The highest of those rates: the denominator of MFU.</param>
/// <param name="Results">One row per shape and case.</param>
/// <param name="PeakIsolated">Whether each row's peak was isolated by resetting VmHWM first.</param>
public sealed record BenchReport(
    string Date, string Machine, BenchOptions Options, IReadOnlyDictionary<string, double> Matmul,
    double CeilingGflops, IReadOnlyList<BenchResult> Results, bool PeakIsolated)
{
    /// <summary>Whether glibc was set to return blocks of 1 MiB or more to the OS on free
    /// (<see cref="ProcessMemory.ReturnLargeBlocks"/>).</summary>
    public bool LargeBlocksReturned { get; init; }

    /// <summary>The process's CPU time during the matmul probe over its wall time x torch threads; well below
    /// 1 means the ceiling was measured under load and every MFU of the run reads high.</summary>
    public double MatmulCpuShare { get; init; }
}
