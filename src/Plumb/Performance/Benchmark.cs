using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Plumb.Models;
using static TorchSharp.torch;

namespace Plumb.Performance;

/// <summary>
/// Measures the device's matmul ceiling, then times each step kind on each model shape against it: tokens/s,
/// model FLOPs utilisation, and peak resident memory.
/// </summary>
public static class Benchmark
{
    /// <summary>Runs every configuration of <paramref name="o"/> in this process, one after another.</summary>
    /// <param name="o">What to measure.</param>
    /// <param name="progress">Receives one line as each measurement starts, e.g. for a status display.</param>
    public static BenchReport Run(BenchOptions o, IProgress<string>? progress = null)
    {
        o.Validate();
        bool returnsLargeBlocks = o.ReturnLargeBlocks && ProcessMemory.ReturnLargeBlocks();
        string date = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var (cpuBefore, clock) = (Process.GetCurrentProcess().TotalProcessorTime, Stopwatch.StartNew());
        var matmul = MeasureMatmul(o, progress);
        double matmulShare = CpuShare(Process.GetCurrentProcess().TotalProcessorTime - cpuBefore, clock.Elapsed);
        double ceiling = matmul.Values.Max();
        var results = new List<BenchResult>();
        bool isolated = true;
        foreach (string shape in o.Shapes)
        {
            var config = BenchShapes.Config(shape, o.Seq);
            foreach (string name in o.Cases ?? BenchCases.All)
            {
                progress?.Report($"{shape} {name}");
                isolated &= ProcessMemory.ResetPeak();
                var result = Measure(shape, config, name, o, ceiling);
                results.Add(result);
                progress?.Report(Summary(result));
            }
        }
        return new BenchReport(date, Machine(), o, matmul, ceiling, results, isolated)
        {
            LargeBlocksReturned = returnsLargeBlocks,
            MatmulCpuShare = matmulShare,
        };
    }

    /// <summary>The matmuls a step is made of, for each shape: [M, d] x [d, d], [d, 4d] (or the MLP width)
    /// and [d, V], with M = 2 x batch x seq, the rows of a DPO policy pass; the ceiling is the best rate.
    /// </summary>
    private static Dictionary<string, double> MeasureMatmul(BenchOptions o, IProgress<string>? progress)
    {
        var rates = new Dictionary<string, double>(StringComparer.Ordinal);
        // A square 1024 product too, so that tiny shapes are not measured against a tiny-matmul ceiling.
        progress?.Report("matmul [1024,1024]x[1024,1024]");
        rates["[1024,1024]x[1024,1024]"] = MatmulCeiling.Measure(1024, 1024, 1024, o.MatmulSeconds);
        long m = 2L * o.Batch * o.Seq;
        foreach (string shape in o.Shapes)
        {
            var c = BenchShapes.Config(shape, o.Seq);
            foreach (long n in new long[] { c.HiddenSize, c.IntermediateSize, c.VocabSize })
            {
                string key = $"[{m},{c.HiddenSize}]x[{c.HiddenSize},{n}]";
                if (rates.ContainsKey(key))
                    continue;
                progress?.Report($"matmul {key}");
                rates[key] = MatmulCeiling.Measure(m, c.HiddenSize, n, o.MatmulSeconds);
            }
        }
        return rates;
    }

    private static BenchResult Measure(string shape, ModelConfig config, string name, BenchOptions o,
        double ceiling)
    {
        long baseline = ProcessMemory.Resident();
        var times = new List<double>();
        var cpu = TimeSpan.Zero;
        var phases = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        long parameters, trainable;
        using (var bench = BenchStep.Create(config, name, o))
        {
            parameters = bench.Policy.ParameterCount();
            trainable = bench.Trainable;
            for (int i = 0; i < o.Warmup + o.Steps; i++)
            {
                var clock = Stopwatch.StartNew();
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                bench.Run();
                if (i < o.Warmup)
                    continue;
                times.Add(clock.Elapsed.TotalMilliseconds);
                cpu += Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
                foreach (var (phase, phaseMs) in bench.LastPhases)
                    (phases.TryGetValue(phase, out var list) ? list : phases[phase] = []).Add(phaseMs);
            }
        }
        long peak = ProcessMemory.Peak();
        double ms = Median(times);
        var (tokens, flops) = Work(config, name, o);
        long? estimate = name == BenchCases.DpoLive
            ? MemoryEstimate.FullDpo(config, parameters, 2L * o.Batch, o.Seq, CompletionTokens(o, 2L * o.Batch))
            : null;
        double gflops = flops / 1e9;
        return new BenchResult(shape, name, parameters, trainable, tokens, ms, tokens / (ms / 1000),
            gflops, gflops / (ms / 1000) / ceiling, peak, baseline, estimate)
        {
            PhaseMs = phases.ToDictionary(p => p.Key, p => Median(p.Value)),
            CpuShare = CpuShare(cpu, TimeSpan.FromMilliseconds(times.Sum())),
        };
    }

    /// <summary>Policy tokens and counted FLOPs of one step (see <see cref="FlopCount"/>).</summary>
    private static (long Tokens, double Flops) Work(ModelConfig c, string name, BenchOptions o)
    {
        long rows = name == BenchCases.Sft ? o.Batch : 2L * o.Batch;
        double forward = FlopCount.Forward(c, rows, o.Seq, CompletionTokens(o, rows));
        double passes = name switch
        {
            BenchCases.Sft or BenchCases.DpoPrecomputed => 3,
            // Policy forward + backward, and a reference forward.
            BenchCases.DpoLive or BenchCases.DpoCheckpointed => 4,
            // Frozen weights get no weight gradients: the backward is one forward's worth, plus the reference.
            BenchCases.DpoLora or BenchCases.DpoLoraCheckpointed => 3,
            _ => 1,
        };
        return (rows * o.Seq, passes * forward);
    }

    private static string Summary(BenchResult r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Shape} {r.Case}: {r.MsPerStep:F0} ms/step, {r.TokensPerSecond:F0} tokens/s, MFU {100 * r.Mfu:F1}%, "
        + $"peak {r.PeakRssBytes >> 20} MiB (+{r.PeakDeltaBytes >> 20} MiB)");

    /// <summary>CPU time over wall time x torch threads: about 1 when nothing else competed for the cores.
    /// </summary>
    private static double CpuShare(TimeSpan cpu, TimeSpan wall) =>
        cpu.TotalMilliseconds / wall.TotalMilliseconds / get_num_threads();

    private static long CompletionTokens(BenchOptions o, long rows) => rows * (o.Seq - o.Seq / 4);

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        int mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static string Machine() => string.Create(CultureInfo.InvariantCulture,
        $"{Environment.ProcessorCount} logical CPUs, torch threads {get_num_threads()}, "
        + $"{RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}");
}
