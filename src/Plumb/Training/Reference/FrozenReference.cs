using Plumb.Data;
using Plumb.Models;
using Plumb.Scoring;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Training.Reference;

/// <summary>
/// A separate, frozen copy of the starting model: no parameter takes a gradient, it stays in eval mode, and
/// every pass runs under <c>no_grad</c>. TR-DPO's <see cref="ReferenceSync"/> may still mix the policy into it.
/// </summary>
public sealed class FrozenReference : IReferenceLogProbs
{
    /// <summary>Freezes <paramref name="model"/> and takes ownership of it.</summary>
    public FrozenReference(CausalLM model, string description)
    {
        foreach (var parameter in model.parameters())
            parameter.requires_grad = false;
        model.eval();
        (Model, Description) = (model, description);
    }

    /// <summary>The frozen model (TR-DPO updates its weights in place).</summary>
    public CausalLM Model { get; }

    /// <inheritdoc />
    public string Description { get; }

    /// <summary>Loads <paramref name="modelDir"/> a second time, as TRL re-loads the reference from its path.</summary>
    public static FrozenReference Load(string modelDir, Device device) =>
        new(ModelLoader.Load(modelDir, device), $"frozen copy of {modelDir}");

    /// <inheritdoc />
    public ReferencePair ScorePairs(IReadOnlyList<TokenizedPair> pairs, PairBatch batch, bool perToken)
    {
        using var noGrad = torch.no_grad();
        var (chosen, rejected) = batch.Compute(Model);
        return new ReferencePair(chosen.Sums, rejected.Sums,
            perToken ? chosen.TokenLogProbs : null, perToken ? rejected.TokenLogProbs : null);
    }

    /// <inheritdoc />
    public Tensor ScoreSequences(IReadOnlyList<string> ids, SequenceBatch batch)
    {
        using var noGrad = torch.no_grad();
        return SequenceLogProbs.Compute(Model, batch).Sums;
    }

    /// <inheritdoc />
    public void Dispose() => Model.Dispose();
}
