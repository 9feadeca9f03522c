using Plumb.Data;
using Plumb.Models;
using Plumb.Scoring;
using static TorchSharp.torch;

namespace Plumb.Training.Tasks;

/// <summary>
/// Supervised fine-tuning: the negative log-likelihood of each example's <c>Chosen</c> tokens given its prompt,
/// averaged over the completion tokens of the micro-batch (TRL's token mean); <c>Rejected</c> is ignored.
/// </summary>
/// <remarks>
/// With a BOS-only prompt this is plain language-model training on documents (<see cref="Document"/>); with an
/// empty prompt the first token becomes the context, since nothing predicts it.
/// </remarks>
public sealed class SftTask : ITrainingTask<TokenizedPair>
{
    private readonly CausalLM _policy;
    private readonly long _padId;

    /// <param name="policy">The model being trained.</param>
    /// <param name="padId">The id right-padding fills batches with.</param>
    public SftTask(CausalLM policy, long padId) => (_policy, _padId) = (policy, padId);

    /// <summary>A document as an SFT example: BOS (when given) as the prompt, every token a target.</summary>
    /// <exception cref="PlumbException">The document is too short to have a target token.</exception>
    public static TokenizedPair Document(string id, int[] tokens, int? bosId)
    {
        int needed = bosId is null ? 2 : 1;
        if (tokens.Length < needed)
            throw new PlumbException($"Document {id} has {tokens.Length} token(s); it needs at least {needed} "
                + "to have a token to predict. Drop it or join it with the next one.");
        return bosId is { } bos
            ? new TokenizedPair(id, [bos], tokens, [])
            : new TokenizedPair(id, tokens[..1], tokens[1..], []);
    }

    /// <inheritdoc />
    public TaskOutput Forward(IReadOnlyList<TokenizedPair> batch)
    {
        var rows = batch.Select(Row).ToList();
        var sequences = SequenceBatch.Create(rows, _padId, TaskBatches.DeviceOf(_policy));
        var scored = SequenceLogProbs.Compute(_policy, sequences);

        // Example i carries -logp_i * B / (completion tokens in the batch): the batch mean is the token mean.
        var losses = scored.Sums.neg().mul(batch.Count).div(scored.Counts.sum().clamp_min(1));
        var metrics = new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            ["logps/chosen"] = scored.Sums.detach(),
            ["logits/chosen"] = scored.PooledMeanLogits(),
        };
        return new TaskOutput(losses, metrics, rows.Sum(r => (long)r.Prompt.Length + r.Completion.Length));
    }

    /// <inheritdoc />
    public string IdOf(TokenizedPair example) => example.Id;

    private static (int[] Prompt, int[] Completion) Row(TokenizedPair example)
    {
        if (example.Prompt.Length > 0)
            return (example.Prompt, example.Chosen);
        if (example.Chosen.Length < 2)
            throw new PlumbException($"Example {example.Id} has no prompt and {example.Chosen.Length} completion "
                + "token(s); with no prompt it needs at least 2 (or start it with BOS).");
        return (example.Chosen[..1], example.Chosen[1..]);
    }
}
