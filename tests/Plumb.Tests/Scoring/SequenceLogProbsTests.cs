using Plumb.Models;
using Plumb.Scoring;
using Plumb.Tests.Fixtures;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Tests.Scoring;

public sealed class SequenceLogProbsTests
{
    private const long Pad = 0;

    // Rows of different lengths, so that two of the three are right-padded.
    private static readonly (int[] Prompt, int[] Completion)[] Rows =
    [
        ([1, 5, 9], [12, 40, 2]),
        ([1, 7], [33, 2]),
        ([1, 4, 4, 8, 20], [63]),
    ];

    [Fact]
    public void Should_mark_the_positions_that_predict_completion_tokens()
    {
        // prompt [5, 6, 7] + completion [8, 9]: positions 2 and 3 predict 8 and 9; T - 1 = 4 positions.
        using var batch = SequenceBatch.Create([([5, 6, 7], [8, 9]), ([5], [8])], Pad);

        Assert.Equal(new long[] { 5, 6, 7, 8, 9, 5, 8, Pad, Pad, Pad }, batch.InputIds.data<long>().ToArray());
        Assert.Equal(new[] { false, false, true, true, true, false, false, false },
            batch.CompletionMask.data<bool>().ToArray());
        Assert.Equal(new long[] { 2, 3, 4 }, batch.CompletionIndex.data<long>().ToArray());
    }

    [Theory]
    [InlineData("llama")]
    [InlineData("gpt2")]
    public void Should_equal_per_position_log_softmax_When_rows_are_right_padded(string type)
    {
        // Given a model and a right-padded batch
        using var model = Load(type);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var batch = SequenceBatch.Create(Rows, Pad);

        // When the batch is scored
        var result = SequenceLogProbs.Compute(model, batch);

        // Then each row matches log-softmax taken one position at a time on the unpadded row alone
        var tokens = result.TokenLogProbs.data<float>().ToArray();
        long steps = result.TokenLogProbs.shape[1];
        for (int b = 0; b < Rows.Length; b++)
        {
            var expected = OnePositionAtATime(model, Rows[b].Prompt, Rows[b].Completion);
            for (int t = 0; t < steps; t++)
                Assert.Equal(expected.GetValueOrDefault(t), tokens[b * steps + t], 4);
            Assert.Equal(expected.Values.Sum(), result.Sums[b].item<float>(), 4);
            Assert.Equal(Rows[b].Completion.Length, result.Counts[b].item<float>());
        }
    }

    [Fact]
    public void Should_return_hidden_states_at_exactly_the_positions_that_predict_completion_tokens()
    {
        using var model = Load("llama");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var batch = SequenceBatch.Create(Rows, Pad);

        var hidden = SequenceLogProbs.Compute(model, batch, keepHidden: true).Hidden!;

        for (int b = 0; b < Rows.Length; b++)
        {
            var (prompt, completion) = Rows[b];
            var alone = model.HiddenStates(Ids(prompt.Concat(completion)))[0];
            for (int t = 0; t < hidden.shape[1]; t++)
            {
                bool predicts = t >= prompt.Length - 1 && t < prompt.Length + completion.Length - 1;
                var expected = predicts ? alone[t] : zeros(alone.shape[1]);
                Assert.True(hidden[b, t].allclose(expected, rtol: 0, atol: 1e-5), $"row {b}, position {t}");
            }
        }
    }

    [Fact]
    public void Should_split_one_forward_into_chosen_and_rejected_equal_to_scoring_them_apart()
    {
        // Given two prompts, each with a chosen and a rejected completion of different lengths
        using var model = Load("gpt2");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        (int[], int[], int[])[] triples = [([1, 5], [6, 7, 8], [9]), ([1, 2, 3], [4], [10, 11, 12, 13])];

        // When scored as one 2B-row pair batch, and as separate chosen and rejected batches
        using var pairs = PairBatch.Create(triples, Pad);
        var (chosen, rejected) = pairs.Compute(model);
        using var chosenAlone = SequenceBatch.Create([.. triples.Select(p => (p.Item1, p.Item2))], Pad);
        using var rejectedAlone = SequenceBatch.Create([.. triples.Select(p => (p.Item1, p.Item3))], Pad);

        // Then the halves agree with the separate runs
        Assert.Equal(4, pairs.Sequences.Rows);
        Assert.True(chosen.Sums.allclose(SequenceLogProbs.Compute(model, chosenAlone).Sums, atol: 1e-5));
        Assert.True(rejected.Sums.allclose(SequenceLogProbs.Compute(model, rejectedAlone).Sums, atol: 1e-5));
        Assert.Equal(new float[] { 3, 1 }, chosen.Counts.data<float>().ToArray());
        Assert.Equal(new float[] { 1, 4 }, rejected.Counts.data<float>().ToArray());
    }

    [Fact]
    public void Should_return_log_square_mass_at_completion_positions_When_asked_for()
    {
        using var model = Load("llama");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var batch = SequenceBatch.Create(Rows, Pad);

        var mass = SequenceLogProbs.Compute(model, batch, keepLogSquareMass: true).LogSquareMass!;

        // Expected, in double: log sum_v p(v)^2 from the softmax of each full logits row; 0 off the mask.
        var logits = model.forward(batch.InputIds);
        var mask = batch.CompletionMask.data<bool>().ToArray();
        long steps = mass.shape[1];
        for (int b = 0; b < Rows.Length; b++)
            for (int t = 0; t < steps; t++)
            {
                var row = logits[b, t].data<float>().ToArray();
                double max = row.Max();
                var p = row.Select(v => Math.Exp(v - max)).ToArray();
                double z = p.Sum();
                double expected = mask[b * steps + t] ? Math.Log(p.Sum(x => x / z * (x / z))) : 0;
                Assert.Equal(expected, mass[b, t].item<float>(), 4);
            }
    }

    [Fact]
    public void Should_average_logits_over_completion_positions_and_vocabulary_as_trl_reports_them()
    {
        using var model = Load("llama");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var batch = SequenceBatch.Create(Rows, Pad);

        var result = SequenceLogProbs.Compute(model, batch);

        // Expected: mean of full logits rows at the marked positions, per row and pooled over all rows.
        var logits = model.forward(batch.InputIds).narrow(1, 0, batch.InputIds.shape[1] - 1);
        var marked = logits[batch.CompletionMask];
        Assert.Equal(marked.mean().item<float>(), result.PooledMeanLogits().item<float>(), 5);
        for (int b = 0; b < Rows.Length; b++)
        {
            float expected = logits[b][batch.CompletionMask[b]].mean().item<float>();
            Assert.Equal(expected, result.MeanLogits[b].item<float>(), 5);
        }
    }

    [Theory]
    [InlineData("llama")]
    [InlineData("gpt2")]
    public void Should_let_gradients_reach_the_weights_When_scored_outside_no_grad(string type)
    {
        using var model = Load(type);
        using var batch = SequenceBatch.Create(Rows, Pad);

        SequenceLogProbs.Compute(model, batch).Sums.sum().backward();

        Assert.All(model.parameters(), p => Assert.True(p.grad is { } g && g.abs().sum().item<float>() > 0));
    }

    [Fact]
    public void Should_give_the_same_gradients_as_a_full_log_softmax_over_every_position()
    {
        // Given the same weights scored two ways
        using var model = Load("gpt2");
        using var batch = SequenceBatch.Create(Rows, Pad);

        // When the sums go backward through the completion-only path, and through log_softmax of all logits
        SequenceLogProbs.Compute(model, batch).Sums.sum().backward();
        var fast = model.parameters().Select(p => p.grad!.clone()).ToList();
        model.zero_grad();
        long steps = batch.InputIds.shape[1] - 1;
        var logProbs = model.forward(batch.InputIds).narrow(1, 0, steps).log_softmax(-1);
        var targets = batch.InputIds.narrow(1, 1, steps).unsqueeze(-1);
        logProbs.gather(-1, targets).squeeze(-1).mul(batch.CompletionMask).sum().backward();

        // Then every gradient agrees
        foreach (var (p, g) in model.parameters().Zip(fast))
            Assert.True(p.grad!.allclose(g, rtol: 1e-4, atol: 1e-6));
    }

    private static CausalLM Load(string type)
    {
        string dir = type == "gpt2"
            ? TinyModels.WriteGpt2(TinyModels.TempDir())
            : TinyModels.WriteLlama(TinyModels.TempDir(), "llama");
        return ModelLoader.Load(dir, CPU);
    }

    /// <summary>Position -> log p(next token), computed in double from one unpadded forward pass.</summary>
    private static Dictionary<int, double> OnePositionAtATime(CausalLM model, int[] prompt, int[] completion)
    {
        int[] all = [.. prompt, .. completion];
        var logits = model.forward(Ids(all))[0];
        var result = new Dictionary<int, double>();
        for (int i = 0; i < completion.Length; i++)
        {
            int position = prompt.Length - 1 + i;
            var row = logits[position].data<float>().ToArray();
            double max = row.Max();
            double lse = max + Math.Log(row.Sum(v => Math.Exp(v - max)));
            result[position] = row[completion[i]] - lse;
        }
        return result;
    }

    private static Tensor Ids(IEnumerable<int> ids)
    {
        var array = ids.Select(i => (long)i).ToArray();
        return tensor(array, [1, array.Length]);
    }
}
