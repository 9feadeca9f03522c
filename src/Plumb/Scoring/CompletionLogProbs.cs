using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Scoring;

/// <summary>Log-probabilities of the completion tokens of a batch, per token and per sequence.</summary>
/// <param name="TokenLogProbs">[B, T - 1]: log p(token t + 1 | tokens ≤ t), 0 at prompt and padding.</param>
/// <param name="Mask">[B, T - 1] booleans: true where the position predicts a completion token.</param>
/// <param name="Sums">[B]: summed completion log-probs, the sequence log-likelihood DPO uses.</param>
/// <param name="Counts">[B] (fp32): completion tokens per sequence, for length-normalised variants.</param>
/// <param name="MeanLogits">[B], detached: each sequence's logits averaged over its completion positions
/// and the vocabulary; 0 for an empty completion.</param>
/// <param name="Hidden">[B, T - 1, hidden] when asked for: final-layer hidden states at the positions that
/// predict completion tokens, 0 elsewhere (the CHES score sums them).</param>
/// <param name="LogSquareMass">[B, T - 1], detached, when asked for: log sum_v p(v)^2 at each position that
/// predicts a completion token, 0 elsewhere (WPO's weights).</param>
public sealed record CompletionLogProbs(
    Tensor TokenLogProbs, Tensor Mask, Tensor Sums, Tensor Counts, Tensor MeanLogits, Tensor? Hidden,
    Tensor? LogSquareMass = null)
{
    /// <summary>Rows <paramref name="start"/> .. <paramref name="start"/> + <paramref name="length"/> - 1.</summary>
    public CompletionLogProbs Slice(long start, long length) => new(
        TokenLogProbs.narrow(0, start, length),
        Mask.narrow(0, start, length),
        Sums.narrow(0, start, length),
        Counts.narrow(0, start, length),
        MeanLogits.narrow(0, start, length),
        Hidden?.narrow(0, start, length),
        LogSquareMass?.narrow(0, start, length));

    /// <summary>
    /// Logits averaged over every completion position of every row and the vocabulary, as TRL reports
    /// <c>logits/chosen</c> and <c>logits/rejected</c>; a scalar.
    /// </summary>
    public Tensor PooledMeanLogits()
    {
        using var scope = NewDisposeScope();
        var total = MeanLogits.mul(Counts).sum();
        return total.div(Counts.sum().clamp_min(1)).MoveToOuterDisposeScope();
    }
}
