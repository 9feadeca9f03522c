using Plumb.Data;
using Plumb.Scoring;
using Plumb.Training.Reference;
using static TorchSharp.torch;

namespace Plumb.Models.Lora;

/// <summary>
/// The DPO reference as the policy's own base weights: the LoRA model scored with its adapters switched off,
/// so no second copy of the model is held (as PEFT's <c>disable_adapter</c> does for TRL).
/// </summary>
public sealed class AdapterOffReference(LoraModel lora) : IReferenceLogProbs
{
    /// <inheritdoc />
    public string Description => "the policy's base weights with its LoRA adapters off";

    /// <inheritdoc />
    public ReferencePair ScorePairs(IReadOnlyList<TokenizedPair> pairs, PairBatch batch, bool perToken)
    {
        using var noGrad = no_grad();
        using var off = lora.Disable();
        var (chosen, rejected) = batch.Compute(lora.Model);
        return new ReferencePair(chosen.Sums, rejected.Sums,
            perToken ? chosen.TokenLogProbs : null, perToken ? rejected.TokenLogProbs : null);
    }

    /// <inheritdoc />
    public Tensor ScoreSequences(IReadOnlyList<string> ids, SequenceBatch batch)
    {
        using var noGrad = no_grad();
        using var off = lora.Disable();
        return SequenceLogProbs.Compute(lora.Model, batch).Sums;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The model belongs to the caller; there is nothing of the reference's own to free.
    }
}
