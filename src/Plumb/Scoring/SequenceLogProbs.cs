using Plumb.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Scoring;

/// <summary>Scores the completion tokens of a batch under a model, in one forward pass.</summary>
public static class SequenceLogProbs
{
    /// <summary>
    /// Runs <paramref name="model"/> on the batch and returns completion log-probs; gradients flow unless the
    /// caller is inside <c>no_grad</c>.
    /// </summary>
    /// <remarks>
    /// The vocabulary projection is applied only at the positions that predict completion tokens. Log-probs
    /// come from one fused log_softmax whose backward is a single kernel; the composite logsumexp it replaced
    /// made extra [N, vocab] passes (about 10 % of the LM head's forward + backward, docs/BENCHMARKS.md).
    /// </remarks>
    /// <param name="model">The policy or reference model.</param>
    /// <param name="batch">Right-padded prompt + completion rows.</param>
    /// <param name="keepHidden">Also return the final hidden states at completion-predicting positions.</param>
    /// <param name="keepLogSquareMass">Also return log sum_v p(v)^2 at those positions (WPO).</param>
    public static CompletionLogProbs Compute(CausalLM model, SequenceBatch batch, bool keepHidden = false,
        bool keepLogSquareMass = false)
    {
        if (model.Config.IsRewardModel)
            throw new PlumbException($"This model is a reward model ({model.Config.Architecture}): it scores whole "
                + "sequences and has no token log-probs. Use a causal language model here.");
        using var scope = NewDisposeScope();
        long rows = batch.Rows, steps = batch.InputIds.shape[1] - 1;
        var hidden = model.HiddenStates(batch.InputIds).narrow(1, 0, steps);
        var flatHidden = hidden.reshape(rows * steps, -1);
        var index = batch.CompletionIndex;

        // Project only the positions that predict completion tokens: [N, hidden] -> [N, vocab].
        var picked = flatHidden.index_select(0, index);
        var logits = model.Logits(picked);
        var targets = batch.InputIds.narrow(1, 1, steps).reshape(-1).index_select(0, index);
        var vocabLogProbs = logits.log_softmax(-1);
        var logProbs = vocabLogProbs.gather(-1, targets.unsqueeze(-1)).squeeze(-1);

        // Scatter back to [B, T - 1], with zeros at prompt and padding positions.
        var tokenLogProbs = Scatter(logProbs, index, rows, steps);
        var counts = batch.CompletionMask.to_type(ScalarType.Float32).sum(-1);
        var meanLogits = MeanLogits(logits, index, rows, steps, counts);
        Tensor? kept = keepHidden ? KeepHidden(picked, index, rows, steps) : null;
        Tensor? squareMass = keepLogSquareMass
            ? LogSquareMass(vocabLogProbs, index, rows, steps)
            : null;

        var result = new CompletionLogProbs(
            tokenLogProbs.MoveToOuterDisposeScope(),
            batch.CompletionMask.alias().MoveToOuterDisposeScope(),
            tokenLogProbs.sum(-1).MoveToOuterDisposeScope(),
            counts.MoveToOuterDisposeScope(),
            meanLogits.MoveToOuterDisposeScope(),
            kept?.MoveToOuterDisposeScope(),
            squareMass?.MoveToOuterDisposeScope());
        return result;
    }

    private static Tensor Scatter(Tensor values, Tensor index, long rows, long steps) =>
        zeros(rows * steps, dtype: values.dtype, device: values.device)
            .index_copy(0, index, values)
            .view(rows, steps);

    private static Tensor MeanLogits(Tensor logits, Tensor index, long rows, long steps, Tensor counts)
    {
        using var noGrad = no_grad();
        var perPosition = Scatter(logits.mean([-1]), index, rows, steps);
        return perPosition.sum(-1).div(counts.clamp_min(1));
    }

    /// <summary>log sum_v p(v)^2 = logsumexp(2 * log p), without gradient.</summary>
    private static Tensor LogSquareMass(Tensor vocabLogProbs, Tensor index, long rows, long steps)
    {
        using var noGrad = no_grad();
        var mass = vocabLogProbs.mul(2).logsumexp(-1);
        return Scatter(mass, index, rows, steps);
    }

    private static Tensor KeepHidden(Tensor picked, Tensor index, long rows, long steps) =>
        zeros(rows * steps, picked.shape[1], dtype: picked.dtype, device: picked.device)
            .index_copy(0, index, picked)
            .view(rows, steps, -1);
}
