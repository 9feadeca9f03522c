using System.Text.Json;
using Plumb.Diagnostics;
using Plumb.Models;
using Plumb.Scoring;
using Plumb.Tests.Fixtures;
using static TorchSharp.torch;

namespace Plumb.Tests.Cli;

public sealed class RankCommandTests
{
    [Fact]
    public void Should_ReportTheLibraryRankingValues_When_RankingAgainstAReference()
    {
        // Given 12 pairs, six with a preference probability, a policy and a reference model
        string dir = TinyModels.TempDir("rank");
        string data = DiagnosticsWorkspace.WriteData(dir, withAlpha: true);
        string perPair = Path.Combine(dir, "per_pair.jsonl");

        // When ranking with beta 0.5
        var (code, stdout, stderr) = DiagnosticsWorkspace.Run("rank", "--model", DiagnosticsWorkspace.Model,
            "--reference", DiagnosticsWorkspace.Reference, "--data", data, "--beta", "0.5", "--out", perPair,
            "--run", dir);

        // Then the summary equals the library's values on log-probs computed pair by pair
        Assert.True(code == 0, stderr);
        var pairs = DiagnosticsWorkspace.Tokenize(data, DiagnosticsWorkspace.Model);
        var policy = LogProbs(DiagnosticsWorkspace.Model, pairs);
        var reference = LogProbs(DiagnosticsWorkspace.Reference, pairs);
        var alphas = Plumb.Cli.Commands.RankCommand.PreferenceProbabilities(data, null);
        Assert.Equal(6, alphas.Count);
        var ranking = RankingAccuracy.Evaluate(pairs.Select((p, i) => new RankingPair(policy[i].C, policy[i].R,
            reference[i].C, reference[i].R, alphas.TryGetValue(p.Id, out var a) ? a : null)).ToList(), 0.5);
        var ece = PreferenceCalibration.Evaluate(
            policy.Select((p, i) => p.C - reference[i].C - (p.R - reference[i].R)).ToList(), 0.5);

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "rank.json")));
        var root = summary.RootElement;
        Assert.Equal(ranking.RankingAccuracy, root.GetProperty("ranking_accuracy").GetDouble(), 12);
        Assert.Equal(ranking.IdealisedRankingAccuracy, root.GetProperty("idealised_ranking_accuracy").GetDouble(), 12);
        Assert.Equal(ece.ExpectedCalibrationError, root.GetProperty("expected_calibration_error").GetDouble(), 4);
        Assert.Equal(6, root.GetProperty("pairs_with_preference_probability").GetInt32());
        double normalised = RankingAccuracy.ComputeLengthNormalised(policy.Select(p => p.C).ToList(),
            policy.Select(p => p.R).ToList(), pairs.Select(p => p.Chosen.Length).ToList(),
            pairs.Select(p => p.Rejected.Length).ToList());
        Assert.Equal(normalised, root.GetProperty("length_normalised_ranking_accuracy").GetDouble(), 12);
        Assert.Equal(ranking.Gap, root.GetProperty("gap").GetDouble(), 12);
        Assert.Contains("expected calibration error", stdout);
        var moved = root.GetProperty("displacement");
        Assert.Equal(policy.Select((p, i) => p.C - reference[i].C).Average(),
            moved.GetProperty("mean_chosen_change").GetDouble(), 4);
        Assert.Equal(policy.Select((p, i) => p.R - reference[i].R).Average(),
            moved.GetProperty("mean_rejected_change").GetDouble(), 4);
        Assert.Equal(policy.Where((p, i) => p.C < reference[i].C).Count() / 12.0,
            moved.GetProperty("chosen_fell_share").GetDouble(), 12);
        Assert.Contains("share of pairs whose chosen log-prob fell", stdout);

        // And each per-pair row carries the Thm 4.1 threshold of its reference log-probs
        var rows = File.ReadAllLines(perPair).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(12, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(pairs[i].Id, rows[i].GetProperty("id").GetString());
            Assert.Equal(RankingAccuracy.LossThreshold(reference[i].C, reference[i].R, 0.5),
                rows[i].GetProperty("loss_threshold").GetDouble(), 4);
        }
    }

    [Fact]
    public void Should_ReportNoDisplacement_When_TheReferenceIsTheModelItself()
    {
        string dir = TinyModels.TempDir("rank-self");
        string data = DiagnosticsWorkspace.WriteData(dir);

        var (code, _, stderr) = DiagnosticsWorkspace.Run("rank", "--model", DiagnosticsWorkspace.Model,
            "--reference", DiagnosticsWorkspace.Model, "--data", data, "--run", dir);

        Assert.True(code == 0, stderr);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "rank.json")));
        var moved = summary.RootElement.GetProperty("displacement");
        Assert.Equal(0.0, moved.GetProperty("mean_chosen_change").GetDouble(), 12);
        Assert.Equal(0.0, moved.GetProperty("chosen_fell_share").GetDouble(), 12);
    }

    [Fact]
    public void Should_NameTheRecord_When_APreferenceProbabilityIsOutOfRange()
    {
        string dir = TinyModels.TempDir("rank");
        string data = Path.Combine(dir, "bad.jsonl");
        File.WriteAllText(data, """{"prompt": "Say hello.", "chosen": "hello", "rejected": "no", "alpha": 1.5}""");

        var (code, _, stderr) = DiagnosticsWorkspace.Run("rank", "--model", DiagnosticsWorkspace.Model,
            "--data", data);

        Assert.Equal(1, code);
        Assert.Contains("bad.jsonl line 1: field 'alpha' is 1.5", stderr);
    }

    // Summed completion log-probs of each pair alone, unpadded.
    private static List<(double C, double R)> LogProbs(string modelDir, List<Plumb.Data.TokenizedPair> pairs)
    {
        using var model = ModelLoader.Load(modelDir, CPU);
        using var noGrad = no_grad();
        return pairs.Select(p =>
        {
            using var scope = NewDisposeScope();
            double Sum(int[] completion)
            {
                using var batch = SequenceBatch.Create([(p.Prompt, completion)], 0);
                return SequenceLogProbs.Compute(model, batch).Sums.item<float>();
            }
            return (Sum(p.Chosen), Sum(p.Rejected));
        }).ToList();
    }
}
