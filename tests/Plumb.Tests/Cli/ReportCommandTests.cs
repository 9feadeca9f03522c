using System.Text.RegularExpressions;
using Plumb.Tests.Fixtures;

namespace Plumb.Tests.Cli;

public sealed class ReportCommandTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void Should_EmbedPngPlotsAndFilledTables_When_TheRunHoldsMetricsAndDiagnostics()
    {
        // Given a run directory with training metrics, probe diagnostics and the results of ches, rank, entangle
        string run = TinyModels.TempDir("report");
        string data = DiagnosticsWorkspace.WriteData(run);
        WriteMetrics(run);
        WriteDiagnostics(run);
        string model = DiagnosticsWorkspace.Model;
        Assert.Equal(0, DiagnosticsWorkspace.Run("ches", "--model", model, "--data", data, "--run", run).Code);
        Assert.Equal(0, DiagnosticsWorkspace.Run("rank", "--model", model, "--reference",
            DiagnosticsWorkspace.Reference, "--data", data, "--run", run).Code);
        Assert.Equal(0, DiagnosticsWorkspace.Run("entangle", "--model", model, "--data", data, "--pairs", "2",
            "--params", "lm_head", "--run", run).Code);

        // When the report is written
        string output = Path.Combine(run, "out", "report.html");
        var (code, stdout, stderr) = DiagnosticsWorkspace.Run("report", run, "--out", output);

        // Then every image is a real PNG and every section's table has rows
        Assert.True(code == 0, stderr);
        Assert.Contains("sections: training, diagnostics, ches, rank, entangle", stdout);
        string html = File.ReadAllText(output);
        var images = Regex.Matches(html, "data:image/png;base64,([A-Za-z0-9+/=]+)\"")
            .Select(m => Convert.FromBase64String(m.Groups[1].Value)).ToList();
        Assert.True(images.Count >= 9, $"{images.Count} images");
        Assert.All(images, png =>
        {
            Assert.Equal(PngSignature, png.Take(8).ToArray());
            Assert.True(png.Length > 5000, $"a PNG of only {png.Length} bytes");
        });
        var tables = Regex.Matches(html, "<table>.*?</table>", RegexOptions.Singleline).Select(m => m.Value).ToList();
        Assert.True(tables.Count >= 6, $"{tables.Count} tables");
        Assert.All(tables, t => Assert.Matches("<td>[^<]+</td>", t));
        Assert.Contains("Likelihood displacement at step 2", html);
        Assert.Matches("Log-prob changes since the reference.*?<td>mean chosen change</td><td>[^<]+</td>",
            Regex.Replace(html, "\\s+", " "));
        Assert.Contains("pairs.jsonl:", html);
        Assert.DoesNotContain("src=\"http", html);
    }

    [Fact]
    public void Should_SayWhatIsMissing_When_TheDirectoryHoldsNoResults()
    {
        string run = TinyModels.TempDir("report");

        var (code, _, stderr) = DiagnosticsWorkspace.Run("report", run);

        Assert.Equal(1, code);
        Assert.Contains("holds none of metrics.jsonl", stderr);
    }

    private static void WriteMetrics(string run) => File.WriteAllLines(Path.Combine(run, "metrics.jsonl"),
        Enumerable.Range(1, 6).Select(s => $"{{\"step\": {s}, \"loss\": {0.69 - 0.05 * s}, \"rewards/margins\": "
            + $"{0.1 * s}, \"rewards/accuracies\": {0.5 + 0.05 * s}, \"logps/chosen\": {-20 - s}, "
            + $"\"logps/rejected\": {-21 - 2 * s}, \"learning_rate\": 1e-6}}"));

    private static void WriteDiagnostics(string run) => File.WriteAllLines(Path.Combine(run, "diagnostics.jsonl"),
    [
        """{"step":0,"logps_chosen_mean":-3.2,"chosen_change":0,"rejected_change":0,"margin_change":0,"fraction_chosen_fell":0,"topk_entropy":2.9,"topk_mass":0.8,"baseline":true}""",
        """{"step":2,"logps_chosen_mean":-3.6,"chosen_change":-0.4,"rejected_change":-1.1,"margin_change":0.7,"fraction_chosen_fell":0.75,"topk_entropy":2.7,"topk_mass":0.78,"token_shifts":[{"token":7,"text":"yes","before":0.01,"after":0.2}],"warnings":["Likelihood displacement at step 2: the chosen responses have become less likely"]}""",
        """{"step":4,"logps_chosen_mean":-4.1,"chosen_change":-0.9,"rejected_change":-2.0,"margin_change":1.1,"fraction_chosen_fell":1,"topk_entropy":2.5,"topk_mass":0.7,"warnings":[]}""",
    ]);
}
