using Plumb.Data;
using Plumb.Experiments;
using Plumb.Tests.Training;
using Plumb.Tests.Training.Tasks;

namespace Plumb.Tests.Experiments;

[Collection(TorchGlobalStateCollection.Name)]
public sealed class RefusalFilteringRunTests
{
    private static readonly RefusalFilteringOptions Short = new()
    {
        CorpusSize = 400, PretrainSteps = 3, TrainPairs = 20, DpoSteps = 2, BatchSize = 4,
    };

    [Fact]
    public void Should_train_every_run_on_the_stated_pairs_and_repeat_exactly_When_run_twice()
    {
        // When a few-step run is made twice with one seed, on one torch thread as the CLI runs it
        using var thread = TinyRun.OneThread();
        var first = RefusalFilteringExperiment.Run(Short);
        var second = RefusalFilteringExperiment.Run(Short);

        // Then 14 of 20 pairs are two refusals, ceil(0.15 * 20) = 3 are kept, the same-epochs run takes
        // max(1, round(2 * 3 / 20)) = 1 step and the check trains on the 6 refusal-over-compliance pairs
        Assert.Equal(14, first.SimilarPairs);
        Assert.Equal(3, first.KeptPairs);
        Assert.Equal(20, first.All.PairsTrained);
        Assert.Equal((3, 2), (first.Filtered.PairsTrained, first.Filtered.Steps));
        Assert.Equal((3, 1), (first.FilteredSameEpochs.PairsTrained, first.FilteredSameEpochs.Steps));
        Assert.Equal(6, first.DissimilarOnly.PairsTrained);
        Assert.Equal((3, 1), (first.RandomSameEpochs.PairsTrained, first.RandomSameEpochs.Steps));
        Assert.Equal(20, first.RankedPairs.Count);
        Assert.InRange(first.RefusalBefore, 0, 1);
        Assert.Equal(first.RankedPairs, second.RankedPairs);
        Assert.Equal(first with { WallSeconds = 0, RankedPairs = [] },
            second with { WallSeconds = 0, RankedPairs = [] });
    }

    [Fact]
    public void Should_equal_the_summed_opener_probabilities_from_completion_log_probs_When_measuring_refusal()
    {
        // Given a fresh tiny model and a prompt
        using var model = ExperimentSetup.Model(vocabSize: 40, seed: 5);
        model.eval();
        int[] prompt = [3, 7, 11, 2];
        int[] openers = [5, 9, 30];

        // When the refusal probability is read from the next-token softmax
        double refusal = RefusalFilteringExperiment.RefusalProbability(model, prompt, openers);

        // Then it equals the sum of exp(log-prob) of each opener scored as a one-token completion (a second path)
        var pairs = openers.Select(id => new TokenizedPair($"p{id}", prompt, [id], [id])).ToList();
        double expected = ExperimentProbes.PairLogProbs(model, padId: 0, pairs).Chosen.Sum(Math.Exp);
        Assert.Equal(expected, refusal, 5);
        Assert.InRange(refusal, 0.01, 0.99);
    }

    [Fact]
    public void Should_keep_chosen_log_probs_higher_with_the_CHES_filter_When_most_pairs_are_repeats()
    {
        // Given the documented repeat design, seed 1: 72 pairs prefer a refusal over itself said twice, 8 prefer a
        // refusal over a compliance (about 5 s on one thread)
        using var thread = TinyRun.OneThread();
        var options = new RefusalFilteringOptions { SimilarKind = SimilarPairKind.Repeat, SimilarShare = 0.9 };

        // When DPO runs on all pairs and, for as many epochs, on the 15% with the lowest LN-CHES
        var result = RefusalFilteringExperiment.Run(options);

        // Then the filter keeps every refusal-over-compliance pair, a gradient step on a repeat pair alone would
        // lower its chosen log-prob, DPO on all pairs displaces the chosen replies, and the filtered run ends with
        // them higher than both the run on all pairs and a random subset of the same size
        Assert.Equal(8, result.KeptDissimilar);
        Assert.True(result.FirstOrderFallsSimilar > 0.9, $"first-order falls {result.FirstOrderFallsSimilar}");
        Assert.True(result.All.TrainChosenChange < 0, $"all pairs: {result.All.TrainChosenChange}");
        Assert.True(result.FilteredSameEpochs.TrainChosenChange > 0,
            $"filtered: {result.FilteredSameEpochs.TrainChosenChange}");
        Assert.True(result.FilteredSameEpochs.TrainChosenChange > result.RandomSameEpochs.TrainChosenChange);
    }

    [Fact]
    public void Should_refuse_an_unknown_design_and_name_the_choices_When_the_command_is_given_one()
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        int code = Plumb.Cli.PlumbCli.Run(["repro", "ches-filter", "--design", "sorry"], stdout, stderr);

        Assert.NotEqual(0, code);
        Assert.Contains("refusals", stderr.ToString());
    }
}
