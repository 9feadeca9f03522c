using Plumb.Data;
using Plumb.Scoring;
using static TorchSharp.torch;

namespace Plumb.Training.Reference;

/// <summary>Where a task's reference log-probs come from: a frozen model, or a file written by plumb score.</summary>
public interface IReferenceLogProbs : IDisposable
{
    /// <summary>One line for the user, e.g. "frozen copy of models/tiny".</summary>
    string Description { get; }

    /// <summary>
    /// Reference log-probs of each pair's chosen and rejected completion, detached; per-token values only
    /// when <paramref name="perToken"/> is set and the source has them (a precomputed file does not).
    /// </summary>
    /// <param name="pairs">The examples, in batch order (their ids key a precomputed file).</param>
    /// <param name="batch">The same pairs as the policy's concatenated batch, on the policy's device.</param>
    /// <param name="perToken">Whether per-token values are wanted (LD-DPO on policy and reference).</param>
    ReferencePair ScorePairs(IReadOnlyList<TokenizedPair> pairs, PairBatch batch, bool perToken);

    /// <summary>Summed reference log-probs of each row of <paramref name="batch"/>, [N], detached.</summary>
    /// <param name="ids">A key for each row (an example id), for sources that look rows up.</param>
    /// <param name="batch">The rows, on the policy's device.</param>
    Tensor ScoreSequences(IReadOnlyList<string> ids, SequenceBatch batch);
}
