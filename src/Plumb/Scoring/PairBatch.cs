using Plumb.Models;
using static TorchSharp.torch;

namespace Plumb.Scoring;

/// <summary>
/// Chosen and rejected completions of the same prompts in one batch: the B chosen rows, then the B rejected
/// rows, so that both go through a single forward pass.
/// </summary>
public sealed class PairBatch : IDisposable
{
    private PairBatch(SequenceBatch sequences, int pairs)
    {
        Sequences = sequences;
        Pairs = pairs;
    }

    /// <summary>The 2B stacked rows: chosen first, then rejected.</summary>
    public SequenceBatch Sequences { get; }

    /// <summary>Number of preference pairs, B.</summary>
    public int Pairs { get; }

    /// <summary>Stacks (prompt, chosen, rejected) triples into 2B right-padded rows.</summary>
    public static PairBatch Create(IReadOnlyList<(int[] Prompt, int[] Chosen, int[] Rejected)> pairs,
        long padId, Device? device = null)
    {
        var rows = pairs.Select(p => (p.Prompt, p.Chosen))
            .Concat(pairs.Select(p => (p.Prompt, p.Rejected)))
            .ToList();
        return new PairBatch(SequenceBatch.Create(rows, padId, device), pairs.Count);
    }

    /// <summary>Scores all 2B rows in one forward pass and splits the result.</summary>
    public (CompletionLogProbs Chosen, CompletionLogProbs Rejected) Compute(CausalLM model,
        bool keepHidden = false, bool keepLogSquareMass = false) =>
        Split(SequenceLogProbs.Compute(model, Sequences, keepHidden, keepLogSquareMass));

    /// <summary>Splits a 2B-row result into its chosen and rejected halves.</summary>
    public (CompletionLogProbs Chosen, CompletionLogProbs Rejected) Split(CompletionLogProbs all) =>
        (all.Slice(0, Pairs), all.Slice(Pairs, Pairs));

    /// <inheritdoc />
    public void Dispose() => Sequences.Dispose();
}
