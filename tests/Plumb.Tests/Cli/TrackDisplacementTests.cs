using System.Text.Json.Nodes;
using Plumb.Tests.Fixtures;

namespace Plumb.Tests.Cli;

[Collection(Plumb.Tests.Training.TorchGlobalStateCollection.Name)]
public sealed class TrackDisplacementTests
{
    [Fact]
    public void Should_WriteDiagnosticsTheReportDraws_When_TrainingWithTrackDisplacement()
    {
        // Given 12 pairs and the tiny model
        string dir = TinyModels.TempDir("track");
        string data = DiagnosticsWorkspace.WriteData(dir);
        string run = Path.Combine(dir, "run");

        // When DPO trains 4 steps with tracking on a probe of 5 pairs, logging every 2 steps
        var (code, stdout, stderr) = DiagnosticsWorkspace.Run("train", "dpo", "--model", DiagnosticsWorkspace.Model,
            "--data", data, "--output", run, "--max-steps", "4", "--logging-steps", "2",
            "--per-device-train-batch-size", "4", "--learning-rate", "1e-3", "--track-displacement",
            "--probe-size", "5");

        // Then diagnostics.jsonl has the baseline and both logging steps, and the report draws them
        Assert.True(code == 0, stdout + stderr);
        var rows = File.ReadAllLines(Path.Combine(run, "diagnostics.jsonl"))
            .Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal([0, 2, 4], rows.Select(r => (int)r["step"]!));
        Assert.Equal(5, ((JsonArray)rows[0]["probe_ids"]!).Count);
        Assert.NotEqual(0.0, (double)rows[^1]["margin_change"]!);
        var report = DiagnosticsWorkspace.Run("report", run);
        Assert.True(report.Code == 0, report.Error);
        Assert.Contains("sections: training, diagnostics", report.Out);
    }

    [Fact]
    public void Should_RefuseProbeSize_When_TrackingIsOff()
    {
        var (code, _, stderr) = DiagnosticsWorkspace.Run("train", "dpo", "--model", DiagnosticsWorkspace.Model,
            "--data", "none.jsonl", "--output", TinyModels.TempDir("track"), "--probe-size", "4");

        Assert.Equal(1, code);
        Assert.Contains("--probe-size only applies with --track-displacement", stderr);
    }
}
