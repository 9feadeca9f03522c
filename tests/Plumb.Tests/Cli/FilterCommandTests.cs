using System.Text.Json;
using Plumb.Diagnostics;
using Plumb.Tests.Fixtures;

namespace Plumb.Tests.Cli;

public sealed class FilterCommandTests
{
    [Fact]
    public void Should_KeepTheLowestLnChesLinesVerbatim_When_FilteringByScores()
    {
        // Given scores for 12 pairs
        var (dir, data, scores) = Scored("filter");
        string output = Path.Combine(dir, "filtered.jsonl");

        // When keeping a quarter (ceil(0.25 * 12) = 3 pairs)
        var (code, stdout, stderr) = DiagnosticsWorkspace.Run("filter", "--by", "ches", "--scores", scores,
            "--data", data, "--out", output, "--keep-fraction", "0.25", "--run", dir);

        // Then the 3 lowest-LN-CHES ids are written as their original lines, in file order
        Assert.True(code == 0, stderr);
        var rows = ChesScoresFile.Read(scores);
        var expectedIds = rows.OrderBy(r => r.Similarity.LengthNormalisedChes).Take(3).Select(r => r.Id).ToHashSet();
        var lines = File.ReadAllLines(data);
        var expected = Enumerable.Range(1, lines.Length).Where(n => expectedIds.Contains($"pairs.jsonl:{n}"))
            .Select(n => lines[n - 1]).ToArray();
        Assert.Equal(expected, File.ReadAllLines(output));
        double threshold = rows.Where(r => expectedIds.Contains(r.Id)).Max(r => r.Similarity.LengthNormalisedChes);
        string highest = rows.MaxBy(r => r.Similarity.LengthNormalisedChes)!.Id;
        Assert.Contains("kept 3 of 12 scored pairs", stdout);
        Assert.Contains("removed 9", stdout);
        Assert.Contains($"ln_ches <= {CliNumber(threshold)}", stdout);
        Assert.Contains($"most displacement-prone removed: {highest},", stdout);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "filter.json")));
        Assert.Equal(9, summary.RootElement.GetProperty("removed").GetInt32());
    }

    [Fact]
    public void Should_KeepTheHighestLnChesLines_When_TheQuantileIsOne()
    {
        // Given scores for 12 pairs
        var (dir, data, scores) = Scored("filter-q");
        string output = Path.Combine(dir, "top.jsonl");

        // When keeping a quarter centred on the 100th percentile, as the paper's Section 5 top subset
        var (code, stdout, stderr) = DiagnosticsWorkspace.Run("filter", "--by", "ches", "--scores", scores,
            "--data", data, "--out", output, "--keep-fraction", "0.25", "--quantile", "1", "--run", dir);

        // Then the 3 highest-LN-CHES lines are written and the summary records the quantile
        Assert.True(code == 0, stderr);
        var topIds = ChesScoresFile.Read(scores).OrderByDescending(r => r.Similarity.LengthNormalisedChes).Take(3)
            .Select(r => r.Id).ToHashSet();
        var lines = File.ReadAllLines(data);
        var expected = Enumerable.Range(1, lines.Length).Where(n => topIds.Contains($"pairs.jsonl:{n}"))
            .Select(n => lines[n - 1]).ToArray();
        Assert.Equal(expected, File.ReadAllLines(output));
        Assert.Contains("around percentile 100 of ln_ches", stdout);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "filter.json")));
        Assert.Equal(1.0, summary.RootElement.GetProperty("quantile").GetDouble());
    }

    [Fact]
    public void Should_RefuseAndKeepTheData_When_TheOutputIsTheInputFile()
    {
        var (_, data, scores) = Scored("filter-same");
        string before = File.ReadAllText(data);

        var (code, _, stderr) = DiagnosticsWorkspace.Run("filter", "--by", "ches", "--scores", scores,
            "--data", data, "--out", data);

        Assert.Equal(1, code);
        Assert.Contains("is the input data file", stderr);
        Assert.Equal(before, File.ReadAllText(data));
    }

    [Fact]
    public void Should_MatchTheScoresFileResult_When_ScoringWithTheModelItself()
    {
        // Given the same data filtered from a scores file and from --model, by unnormalised CHES
        string dir = TinyModels.TempDir("filter");
        string data = DiagnosticsWorkspace.WriteData(dir);
        string scores = Path.Combine(dir, "scores.jsonl");
        DiagnosticsWorkspace.Run("ches", "--model", DiagnosticsWorkspace.Model, "--data", data, "--out", scores);
        string a = Path.Combine(dir, "a.jsonl"), b = Path.Combine(dir, "b.jsonl");

        var first = DiagnosticsWorkspace.Run("filter", "--by", "ches", "--scores", scores, "--data", data,
            "--out", a, "--keep-fraction", "0.5", "--measure", "ches");
        var second = DiagnosticsWorkspace.Run("filter", "--by", "ches", "--model", DiagnosticsWorkspace.Model,
            "--data", data, "--out", b, "--keep-fraction", "0.5", "--measure", "ches");

        // Then both keep the same six records
        Assert.True(first.Code == 0 && second.Code == 0, first.Error + second.Error);
        Assert.Equal(6, File.ReadAllLines(a).Length);
        Assert.Equal(File.ReadAllLines(a), File.ReadAllLines(b));
    }

    [Fact]
    public void Should_WriteKeptRecordsAsJsonLines_When_TheSourceIsAJsonArray()
    {
        // Given the same pairs as a JSON array (ids count rows, not lines)
        string dir = TinyModels.TempDir("filter");
        string jsonl = DiagnosticsWorkspace.WriteData(dir);
        var records = File.ReadAllLines(jsonl).Where(l => l.Length > 0).ToList();
        string data = Path.Combine(dir, "pairs.json");
        File.WriteAllText(data, "[" + string.Join(",\n", records) + "]");
        string output = Path.Combine(dir, "kept.jsonl");

        // When filtering with the model, keeping one pair
        var (code, stdout, stderr) = DiagnosticsWorkspace.Run("filter", "--by", "ches", "--model",
            DiagnosticsWorkspace.Model, "--data", data, "--out", output, "--keep-fraction", "0.01");

        // Then one record is written as a JSON object with the source's fields and values
        Assert.True(code == 0, stderr);
        var kept = File.ReadAllLines(output);
        Assert.Single(kept);
        using var written = JsonDocument.Parse(kept[0]);
        Assert.Contains(records, r => JsonDocument.Parse(r).RootElement.GetProperty("prompt").GetString()
            == written.RootElement.GetProperty("prompt").GetString());
        Assert.Contains("kept 1 of 12 scored pairs", stdout);
    }

    // A fresh folder with the 12-pair data set and its plumb ches scores.
    private static (string Dir, string Data, string Scores) Scored(string name)
    {
        string dir = TinyModels.TempDir(name);
        string data = DiagnosticsWorkspace.WriteData(dir);
        string scores = Path.Combine(dir, "scores.jsonl");
        Assert.Equal(0, DiagnosticsWorkspace.Run("ches", "--model", DiagnosticsWorkspace.Model, "--data", data,
            "--out", scores).Code);
        return (dir, data, scores);
    }

    private static string CliNumber(double value) =>
        value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
}
