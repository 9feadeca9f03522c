using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Plumb.Performance;
using Spectre.Console;

namespace Plumb.Cli.Commands;

/// <summary><c>plumb bench</c>: training and scoring speed and memory on this machine, against its matmul peak.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliIO io)
    {
        var quick = new Option<bool>("--quick") { Description = "The tiny shape with 64-token rows (~seconds)." };
        var shapes = new Option<string?>("--shapes") { Description = "Comma-separated: tiny, llama30m, gpt2." };
        var batch = new Option<int?>("--batch") { Description = "Preference pairs per step (default 2)." };
        var seq = new Option<int?>("--seq") { Description = "Tokens per row (default 512)." };
        var steps = new Option<int?>("--steps") { Description = "Timed steps per configuration (default 3)." };
        var cases = new Option<string?>("--cases")
        {
            Description = $"Comma-separated subset of: {string.Join(", ", BenchCases.All)}.",
        };
        var defaultMalloc = new Option<bool>("--default-malloc")
        {
            Description = "Keep glibc's allocator settings, as training does: faster steps, higher peaks.",
        };
        var output = new Option<string>("--out")
        {
            Description = "Where to write the JSON results.", DefaultValueFactory = _ => "bench.json",
        };
        var command = new Command("bench", "Time SFT, DPO and scoring steps and measure their peak memory.");
        foreach (var option in new Option[] { quick, shapes, batch, seq, steps, cases, defaultMalloc, output })
            command.Options.Add(option);
        command.SetAction(r => Run(io, Options(r.GetValue(quick), r.GetValue(shapes), r.GetValue(batch),
            r.GetValue(seq), r.GetValue(steps), r.GetValue(cases)) with
        {
            ReturnLargeBlocks = !r.GetValue(defaultMalloc),
        }, r.GetValue(output)!));
        return command;
    }

    private static BenchOptions Options(bool quick, string? shapes, int? batch, int? seq, int? steps,
        string? cases)
    {
        var o = quick ? BenchOptions.Quick : new BenchOptions();
        return o with
        {
            Shapes = shapes is null ? o.Shapes : Split(shapes),
            Batch = batch ?? o.Batch,
            Seq = seq ?? o.Seq,
            Steps = steps ?? o.Steps,
            Cases = cases is null ? o.Cases : Split(cases),
        };
    }

    private static string[] Split(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int Run(CliIO io, BenchOptions options, string outPath)
    {
        var report = Benchmark.Run(options, new SyncProgress(io.Error));
        File.WriteAllText(outPath, JsonSerializer.Serialize(report, Json));
        Print(io, report, outPath);
        return 0;
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    // Below this CPU share a row's times say more about the machine's load than about Plumb.
    private const double LoadedShare = 0.8;

    private static void Print(CliIO io, BenchReport report, string outPath)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(io.Out),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 160;
        var o = report.Options;
        console.WriteLine($"{report.Date}; {report.Machine}");
        console.WriteLine($"batch {o.Batch} pairs x {o.Seq} tokens; median of {o.Steps} steps after {o.Warmup} "
            + $"warm-up; matmul ceiling {F(report.CeilingGflops, 1)} GFLOP/s (fp32); "
            + (report.LargeBlocksReturned ? "glibc mmaps blocks >= 1 MiB" : "glibc allocator defaults"));
        console.Write(MatmulTable(report));
        console.Write(ResultTable(report));
        foreach (string shape in o.Shapes)
            foreach (var t in BenchTarget.For(report, shape))
                console.WriteLine($"{(t.Met ? "met " : "MISS")}  {t.Name}: {F(t.Measured, 2)} "
                    + $"(target {(t.AtLeast ? ">=" : "<=")} {F(t.Target, 2)})");
        if (report.MatmulCpuShare < LoadedShare)
            console.WriteLine($"note: the matmul probe had {F(100 * report.MatmulCpuShare, 0)}% of its threads' "
                + "CPU time; the ceiling is low and every MFU reads high. Rerun on an idle machine.");
        foreach (var r in report.Results.Where(r => r.CpuShare < LoadedShare))
            console.WriteLine($"note: {r.Shape} {r.Case} had {F(100 * r.CpuShare, 0)}% of its threads' CPU time; "
                + "another process competed for the cores, so its times are inflated. Rerun on an idle machine.");
        if (!report.PeakIsolated)
            console.WriteLine("note: VmHWM could not be reset; peaks include earlier configurations.");
        console.WriteLine($"results: {outPath}");
    }

    private static Table MatmulTable(BenchReport report)
    {
        var table = new Table().AddColumn("matmul (fp32)").AddColumn(new TableColumn("GFLOP/s").RightAligned());
        foreach (var (shape, rate) in report.Matmul)
            table.AddRow(Markup.Escape(shape), F(rate, 1));
        return table;
    }

    private static Table ResultTable(BenchReport report)
    {
        var table = new Table().AddColumn("shape").AddColumn("case");
        foreach (string column in new[] { "params", "trainable", "tokens/s", "ms/step", "GFLOP/step", "MFU",
                     "fwd/bwd/opt ms", "CPU", "peak RSS", "added RSS", "estimate" })
            table.AddColumn(new TableColumn(column).RightAligned());
        foreach (var r in report.Results)
            table.AddRow(r.Shape, r.Case, Millions(r.Parameters), Millions(r.TrainableParameters),
                F(r.TokensPerSecond, 0), F(r.MsPerStep, 0), F(r.Gflops, 1), $"{F(100 * r.Mfu, 1)}%",
                Phases(r), $"{F(100 * r.CpuShare, 0)}%", Mib(r.PeakRssBytes), Mib(r.PeakDeltaBytes),
                r.EstimateBytes is { } e ? Mib(e) : "");
        return table;
    }

    private static string Phases(BenchResult r) => r.PhaseMs.Count == 0
        ? ""
        : string.Join("/", new[] { "forward", "backward", "optimizer" }.Select(p => F(r.PhaseMs[p], 0)));

    private static string F(double value, int digits) =>
        value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string Millions(long count) => count == 0 ? "-" : $"{F(count / 1e6, 2)}M";

    private static string Mib(long bytes) => $"{F(bytes / 1048576.0, 0)} MiB";

    /// <summary>Writes progress lines at once, on the calling thread (Progress posts to the thread pool).</summary>
    private sealed class SyncProgress(TextWriter writer) : IProgress<string>
    {
        public void Report(string value) => writer.WriteLine($"bench: {value}");
    }
}
