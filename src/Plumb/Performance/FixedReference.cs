using Plumb.Data;
using Plumb.Scoring;
using Plumb.Training.Reference;
using static TorchSharp.torch;

namespace Plumb.Performance;

/// <summary>Reference log-probs computed once and handed back on every step, as a precomputed file would be.
/// </summary>
internal sealed class FixedReference(Tensor chosen, Tensor rejected) : IReferenceLogProbs
{
    public string Description => "reference log-probs computed once before timing";

    public ReferencePair ScorePairs(IReadOnlyList<TokenizedPair> pairs, PairBatch batch, bool perToken) =>
        new(chosen.alias(), rejected.alias(), null, null);

    public Tensor ScoreSequences(IReadOnlyList<string> ids, SequenceBatch batch) => chosen.alias();

    public void Dispose()
    {
        chosen.Dispose();
        rejected.Dispose();
    }
}
