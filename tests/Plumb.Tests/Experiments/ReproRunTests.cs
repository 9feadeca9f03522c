using System.Text.Json;
using Plumb.Cli;
using Plumb.Experiments;
using Plumb.Tests.Training;
using static Plumb.Tests.Fixtures.TinyModels;

namespace Plumb.Tests.Experiments;

[Collection(TorchGlobalStateCollection.Name)]
public sealed class ReproRunTests
{
    private static readonly DisplacementOptions Short = new()
    {
        CorpusSize = 200, PretrainSteps = 4, DpoSteps = 2, DpoLearningRate = 1e-3,
    };

    [Fact]
    public void Should_report_probabilities_that_match_the_scored_log_probs_When_run_briefly()
    {
        // When a few-step run finishes
        var r = DisplacementExperiment.Run(Short);

        // Then P(No) from the softmax of the logits equals exp of No's log-prob scored as a completion
        // (two code paths: NextTokenProbabilities vs PairBatch/SequenceLogProbs), before and after DPO
        Assert.Equal(Math.Exp(r.ChosenLogProbBefore), r.ProbabilitiesBefore["No"], 5);
        Assert.Equal(Math.Exp(r.RejectedLogProbBefore), r.ProbabilitiesBefore["Never"], 5);
        Assert.Equal(Math.Exp(r.ChosenLogProbAfter), r.ProbabilitiesAfter["No"], 5);
        Assert.Equal(5, r.Similarities.Count);
        Assert.Equal(5, r.TopIncreases.Count);
        var rises = r.TopIncreases.Select(t => t.After - t.Before).ToList();
        Assert.Equal(rises.OrderByDescending(x => x), rises);
    }

    [Fact]
    public void Should_displace_No_with_RMSprop_but_not_with_plain_gradient_descent_When_run_as_documented()
    {
        // Given the documented run, seed 1, on one thread (about 4 s each)
        using var thread = Training.Tasks.TinyRun.OneThread();

        // When DPO on No over Never runs with the paper's RMSprop, and with plain SGD
        var rmsprop = DisplacementExperiment.Run(new DisplacementOptions());
        var sgd = DisplacementExperiment.Run(new DisplacementOptions
        {
            Optimizer = Plumb.Training.OptimizerType.Sgd, DpoLearningRate = 0.01,
        });

        // Then RMSprop lowers P(No) and raises P(Yes), the paper's finding; gradient descent raises P(No), as the
        // first-order test predicts: <g+, g-> < |g+|^2 for No/Never, so a gradient step raises the chosen token
        Assert.True(rmsprop.ProbabilitiesAfter["No"] < rmsprop.ProbabilitiesBefore["No"] - 0.1);
        Assert.True(rmsprop.ProbabilitiesAfter["Yes"] > 2 * rmsprop.ProbabilitiesBefore["Yes"]);
        Assert.True(sgd.ProbabilitiesAfter["No"] > sgd.ProbabilitiesBefore["No"] + 0.1);
        Assert.True(rmsprop.Similarities.Single(p => p.Rejected == "Never").FirstOrderRatio < 1);
    }

    [Fact]
    public void Should_give_identical_numbers_When_run_twice_with_one_seed()
    {
        var first = DisplacementExperiment.Run(Short);
        var second = DisplacementExperiment.Run(Short);

        Assert.Equal(first.ProbabilitiesAfter, second.ProbabilitiesAfter);
        Assert.Equal(first.Similarities, second.Similarities);
    }

    [Fact]
    public void Should_write_json_with_every_field_When_the_command_runs()
    {
        string dir = TempDir("repro");
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        int code = PlumbCli.Run(["repro", "displacement", "--pretrain-steps", "3", "--dpo-steps", "2",
            "--out", dir], stdout, stderr);

        Assert.Equal(0, code);
        Assert.Contains("largest rises:", stdout.ToString());
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "displacement.json")));
        string[] fields = ["Seed", "ProbabilitiesBefore", "ProbabilitiesAfter", "TopIncreases", "Similarities",
            "ChosenLogProbBefore", "ChosenLogProbAfter", "WallSeconds"];
        Assert.All(fields, f => Assert.True(json.RootElement.TryGetProperty(f, out _), f));
        Assert.Equal(5, json.RootElement.GetProperty("ProbabilitiesAfter").EnumerateObject().Count());
    }

    [Fact]
    public void Should_keep_the_stated_share_and_train_both_runs_When_the_filter_runs_briefly()
    {
        var options = new FilteringOptions
        {
            CorpusSize = 400, PretrainSteps = 3, TrainPairs = 10, DpoSteps = 2, BatchSize = 4, KeepFraction = 0.3,
        };

        var r = FilteringExperiment.Run(options);

        // ceil(0.3 * 10) = 3 pairs kept; both runs report finite changes over all 10 training pairs
        Assert.Equal(3, r.KeptPairs);
        Assert.Equal(10, r.All.PairsTrained);
        Assert.Equal(3, r.Filtered.PairsTrained);
        Assert.True(double.IsFinite(r.All.TrainChosenChange) && double.IsFinite(r.Filtered.HeldOutChosenChange));
        Assert.NotEqual(r.All.TrainChosenChange, r.Filtered.TrainChosenChange);
    }
}
