using Plumb.Models;
using Plumb.Objectives;
using Plumb.Tests.Fixtures;
using Plumb.Training.Reference;
using Plumb.Training.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Tests.Training.Tasks;

[Collection(Plumb.Tests.Training.TorchGlobalStateCollection.Name)]
public sealed class TaskLossTests
{
    private const long Pad = 0;

    [Fact]
    public void Should_equal_the_token_mean_of_minus_log_softmax_When_the_task_is_sft()
    {
        // Given a tiny Llama and three (prompt, chosen) examples
        using var model = ModelLoader.Load(TinyModels.WriteLlama(TinyModels.TempDir()), CPU);
        var task = new SftTask(model, Pad);

        // When the task scores them
        using var scope = NewDisposeScope();
        var output = task.Forward(TaskData.Pairs);

        // Then: the mean of the per-example losses is sum over all chosen tokens of -log softmax, divided by
        // the number of chosen tokens (3 + 4 + 2 = 9), each token scored from the full logits independently
        var tokens = TaskData.Pairs.SelectMany(p => HandScores.TokenLogProbs(model, p.Prompt, p.Chosen)).ToList();
        Assert.Equal(9, tokens.Count);
        double expected = -tokens.Sum() / tokens.Count;
        Assert.Equal(expected, output.Losses.mean().item<float>(), 1e-5);
        Assert.Equal([3L], output.Losses.shape);
    }

    [Fact]
    public void Should_predict_every_token_after_the_first_When_an_sft_example_has_no_prompt()
    {
        // Given a document [1, 12, 13, 2] given with an empty prompt
        using var model = ModelLoader.Load(TinyModels.WriteLlama(TinyModels.TempDir()), CPU);
        var task = new SftTask(model, Pad);
        var document = new Plumb.Data.TokenizedPair("d0", [], [1, 12, 13, 2], []);

        using var scope = NewDisposeScope();
        var output = task.Forward([document]);

        // Then the loss is the mean NLL of tokens 12, 13, 2 given what precedes them
        double expected = -HandScores.TokenLogProbs(model, [1], [12, 13, 2]).Average();
        Assert.Equal(expected, output.Losses.item<float>(), 1e-5);
        var fromBos = SftTask.Document("d0", [12, 13, 2], bosId: 1);
        Assert.Equal([1], fromBos.Prompt);
        Assert.Equal([12, 13, 2], fromBos.Chosen);
    }

    [Fact]
    public void Should_equal_minus_log_sigmoid_of_beta_times_the_margin_When_the_loss_is_sigmoid()
    {
        // Given a policy and a different reference model (seeds 1 and 7), DPO with beta 0.5
        using var policy = ModelLoader.Load(TinyModels.WriteLlama(TinyModels.TempDir(), seed: 1), CPU);
        var referenceModel = ModelLoader.Load(TinyModels.WriteLlama(TinyModels.TempDir(), seed: 7), CPU);
        using var reference = new FrozenReference(referenceModel, "seed 7");
        var objective = CompositeObjective.Parse("sigmoid", settings: new ObjectiveSettings { Beta = 0.5 });
        var task = new PreferenceTask(policy, objective, reference, Pad);

        using var scope = NewDisposeScope();
        var output = task.Forward(TaskData.Pairs);

        // Then loss_i = -log sigmoid(0.5 * ((pc - rc) - (pr - rr))) with each log-prob summed by hand
        var losses = output.Losses.data<float>().ToArray();
        var accuracies = output.Metrics["rewards/accuracies"].data<float>().ToArray();
        for (int i = 0; i < TaskData.Pairs.Length; i++)
        {
            var p = TaskData.Pairs[i];
            double chosen = HandScores.Sum(policy, p.Prompt, p.Chosen) - HandScores.Sum(referenceModel, p.Prompt, p.Chosen);
            double rejected = HandScores.Sum(policy, p.Prompt, p.Rejected)
                - HandScores.Sum(referenceModel, p.Prompt, p.Rejected);
            double z = 0.5 * (chosen - rejected);
            Assert.Equal(Math.Log(1 + Math.Exp(-z)), losses[i], 1e-5);
            Assert.Equal(chosen > rejected ? 1f : 0f, accuracies[i]);
            Assert.Equal(0.5 * chosen, output.Metrics["rewards/chosen"].data<float>()[i], 1e-5);
            Assert.Equal(HandScores.Sum(policy, p.Prompt, p.Chosen), output.Metrics["logps/chosen"].data<float>()[i], 1e-4);
        }
        Assert.Contains("logits/chosen", output.Metrics.Keys);
        Assert.Contains("rewards/margins", output.Metrics.Keys);
    }

    [Fact]
    public void Should_add_the_chosen_token_mean_nll_When_the_loss_is_sigmoid_plus_sft()
    {
        // Given DPO + 0.5 x SFT, with the policy as its own reference (so every log-ratio is 0)
        string dir = TinyModels.WriteLlama(TinyModels.TempDir());
        using var policy = ModelLoader.Load(dir, CPU);
        using var reference = FrozenReference.Load(dir, CPU);
        var objective = CompositeObjective.Parse("sigmoid,sft", "1,0.5");
        var task = new PreferenceTask(policy, objective, reference, Pad);

        using var scope = NewDisposeScope();
        var output = task.Forward(TaskData.Pairs);

        // Then mean loss = log 2 (DPO at margin 0) + 0.5 * token-mean NLL of the 9 chosen tokens
        var tokens = TaskData.Pairs.SelectMany(p => HandScores.TokenLogProbs(policy, p.Prompt, p.Chosen)).ToList();
        double nll = -tokens.Sum() / tokens.Count;
        Assert.Equal(Math.Log(2) + 0.5 * nll, output.Losses.mean().item<float>(), 1e-5);
        Assert.Equal(nll, output.Metrics["nll_loss"].item<float>(), 1e-5);
    }

    [Fact]
    public void Should_use_the_mismatched_pairs_as_the_kl_point_When_the_loss_is_kto()
    {
        // Given KTO (beta 0.1) with policy seed 1 and reference seed 7 on two desirable and two undesirable rows
        using var policy = ModelLoader.Load(TinyModels.WriteLlama(TinyModels.TempDir(), seed: 1), CPU);
        var referenceModel = ModelLoader.Load(TinyModels.WriteLlama(TinyModels.TempDir(), seed: 7), CPU);
        using var reference = new FrozenReference(referenceModel, "seed 7");
        var task = new UnpairedTask(policy, ObjectiveRegistry.CreateUnpaired("kto"), reference, Pad);

        using var scope = NewDisposeScope();
        var output = task.Forward(TaskData.Unpaired);

        // Then z0 = max(0, mean_i [log-ratio of prompt i with completion i-1]); desirable loss
        // 1 - sigmoid(0.1 (r - z0)), undesirable 1 - sigmoid(0.1 (z0 - r))
        var rows = TaskData.Unpaired;
        double Ratio(int[] prompt, int[] completion) =>
            HandScores.Sum(policy, prompt, completion) - HandScores.Sum(referenceModel, prompt, completion);
        double z0 = Math.Max(0, Enumerable.Range(0, 4)
            .Select(i => Ratio(rows[i].Prompt, rows[(i + 3) % 4].Completion)).Average());
        var losses = output.Losses.data<float>().ToArray();
        for (int i = 0; i < rows.Length; i++)
        {
            double r = Ratio(rows[i].Prompt, rows[i].Completion);
            double expected = rows[i].Label ? 1 - Sigmoid(0.1 * (r - z0)) : 1 - Sigmoid(0.1 * (z0 - r));
            Assert.Equal(expected, losses[i], 1e-5);
        }
        Assert.Equal(z0, output.Metrics["kl"].item<float>(), 1e-4);
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
