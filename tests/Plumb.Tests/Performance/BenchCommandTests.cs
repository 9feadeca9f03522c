using System.Text.Json.Nodes;
using Plumb.Cli;
using Plumb.Tests.Fixtures;
using Plumb.Tests.Training;

namespace Plumb.Tests.Performance;

[Collection(TorchGlobalStateCollection.Name)]
public sealed class BenchCommandTests
{
    [Fact]
    public void Should_WritePositiveMeasurements_When_QuickBenchRuns()
    {
        // Given the quick settings cut to 16-token rows and three cases, to keep the test to seconds
        string path = Path.Combine(TinyModels.TempDir("bench"), "bench.json");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        // When
        int code = PlumbCli.Run(["bench", "--quick", "--seq", "16", "--steps", "1",
            "--cases", "sft,dpo-live,dpo-lora,score", "--out", path], stdout, stderr);

        // Then every row has positive speed and memory, and the table and targets are printed
        Assert.True(code == 0, stderr.ToString());
        var report = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.True((double)report["ceiling_gflops"]! > 0);
        Assert.True((double)report["matmul_cpu_share"]! > 0);
        var results = report["results"]!.AsArray();
        Assert.Equal(4, results.Count);
        foreach (var row in results)
        {
            Assert.Equal("tiny", (string)row!["shape"]!);
            foreach (string field in new[] { "tokens_per_second", "ms_per_step", "gflops", "mfu",
                         "peak_rss_bytes", "parameters", "tokens", "cpu_share" })
                Assert.True((double)row[field]! > 0, $"{row["case"]} {field}");
        }
        Assert.True((double)results[1]!["estimate_bytes"]! > 0);
        Assert.True((long)results[2]!["trainable_parameters"]! < (long)results[2]!["parameters"]!);
        Assert.Contains("dpo-lora", stdout.ToString());
        Assert.Contains("DPO live-reference MFU", stdout.ToString());
    }

    [Fact]
    public void Should_ReportGlibcDefaults_When_DefaultMallocIsGiven()
    {
        // Given one tiny scoring case, with the allocator left as training leaves it
        string path = Path.Combine(TinyModels.TempDir("bench"), "bench.json");
        var stdout = new StringWriter();

        // When
        int code = PlumbCli.Run(["bench", "--quick", "--seq", "16", "--steps", "1", "--cases", "score",
            "--default-malloc", "--out", path], stdout, new StringWriter());

        // Then the report says the mmap threshold was not set, in the JSON and in the header line
        Assert.Equal(0, code);
        var report = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.False((bool)report["large_blocks_returned"]!);
        Assert.Contains("glibc allocator defaults", stdout.ToString());
    }
}
