using Plumb.Data;
using Plumb.Models;
using Plumb.Scoring;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Training.Reference;

/// <summary>Scores every pair of a dataset under a model, without gradient, in batches.</summary>
public static class ReferenceScorer
{
    /// <summary>Summed chosen and rejected log-probs and token counts of each pair, in input order.</summary>
    /// <param name="model">The reference model (put in eval mode here).</param>
    /// <param name="pairs">The tokenized pairs.</param>
    /// <param name="batchSize">Pairs per forward pass (each pass holds 2 × this many rows).</param>
    /// <param name="padId">The id right-padding fills batches with.</param>
    /// <param name="progress">Called with the number of pairs scored so far.</param>
    public static IEnumerable<ReferenceScore> Score(CausalLM model, IReadOnlyList<TokenizedPair> pairs,
        int batchSize, long padId, Action<int>? progress = null)
    {
        if (batchSize < 1)
            throw new PlumbException($"--batch-size is {batchSize}; use 1 or more.");
        model.eval();
        var device = model.parameters().First().device;
        int done = 0;
        foreach (var chunk in pairs.Chunk(batchSize))
        {
            foreach (var score in ScoreBatch(model, chunk, padId, device))
                yield return score;
            done += chunk.Length;
            progress?.Invoke(done);
        }
    }

    private static List<ReferenceScore> ScoreBatch(CausalLM model, TokenizedPair[] chunk, long padId,
        Device device)
    {
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        var batch = PairBatch.Create(chunk.Select(p => (p.Prompt, p.Chosen, p.Rejected)).ToList(), padId, device);
        var (chosen, rejected) = batch.Compute(model);
        var chosenSums = chosen.Sums.to(ScalarType.Float64).cpu().data<double>().ToArray();
        var rejectedSums = rejected.Sums.to(ScalarType.Float64).cpu().data<double>().ToArray();
        return chunk.Select((p, i) =>
            new ReferenceScore(p.Id, chosenSums[i], rejectedSums[i], p.Chosen.Length, p.Rejected.Length)).ToList();
    }
}
