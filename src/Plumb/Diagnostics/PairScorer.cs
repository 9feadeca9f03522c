using Plumb.Data;
using Plumb.Models;
using Plumb.Scoring;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Diagnostics;

/// <summary>CHES and summed log-probs of a dataset's pairs under a model, in batched no-grad forwards.</summary>
/// <remarks>
/// Each batch is one concatenated forward for chosen and rejected (<see cref="PairBatch"/>); only per-pair
/// numbers leave a batch's dispose scope, so memory does not grow with the dataset.
/// </remarks>
public static class PairScorer
{
    /// <summary>CHES, LN-CHES and both baselines for every pair, in input order, computed lazily.</summary>
    public static IEnumerable<PairChes> Ches(CausalLM model, IEnumerable<TokenizedPair> pairs, long padId,
        int batchSize = 8, Device? device = null)
    {
        foreach (var chunk in pairs.Chunk(CheckBatch(batchSize)))
            foreach (var row in ChesBatch(model, chunk, padId, device))
                yield return row;
    }

    /// <summary>Summed completion log-probs of chosen and rejected for every pair, in input order.</summary>
    public static IEnumerable<PairLogProbs> LogProbs(CausalLM model, IEnumerable<TokenizedPair> pairs, long padId,
        int batchSize = 8, Device? device = null)
    {
        foreach (var chunk in pairs.Chunk(CheckBatch(batchSize)))
            foreach (var row in LogProbBatch(model, chunk, padId, device))
                yield return row;
    }

    /// <summary>The (prompt, chosen, rejected) triples <see cref="PairBatch.Create"/> takes.</summary>
    public static List<(int[] Prompt, int[] Chosen, int[] Rejected)> Triples(IEnumerable<TokenizedPair> pairs) =>
        pairs.Select(p => (p.Prompt, p.Chosen, p.Rejected)).ToList();

    private static List<PairChes> ChesBatch(CausalLM model, TokenizedPair[] chunk, long padId, Device? device)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        using var batch = PairBatch.Create(Triples(chunk), padId, device);
        var (chosen, rejected) = batch.Compute(model, keepHidden: true);
        var rows = new List<PairChes>(chunk.Length);
        // TODO(#6): reduce the batch's sums on the device in one go; Ches.Score syncs four scalars per pair,
        // which is cheap on CPU but stalls a GPU between pairs.
        for (int i = 0; i < chunk.Length; i++)
        {
            var p = chunk[i];
            // Hidden is [B, T - 1, H] indexed by position; position t predicts token t + 1.
            var c = chosen.Hidden![i].narrow(0, p.Prompt.Length - 1, p.Chosen.Length);
            var r = rejected.Hidden![i].narrow(0, p.Prompt.Length - 1, p.Rejected.Length);
            var similarity = Diagnostics.Ches.Score(c, r, Longs(p.Chosen), Longs(p.Rejected));
            rows.Add(new PairChes(p.Id, similarity, p.Chosen.Length, p.Rejected.Length));
        }
        return rows;
    }

    private static List<PairLogProbs> LogProbBatch(CausalLM model, TokenizedPair[] chunk, long padId, Device? device)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        using var batch = PairBatch.Create(Triples(chunk), padId, device);
        var (chosen, rejected) = batch.Compute(model);
        double[] c = LikelihoodDisplacement.ToDoubles(chosen.Sums);
        double[] r = LikelihoodDisplacement.ToDoubles(rejected.Sums);
        return chunk.Select((p, i) => new PairLogProbs(p.Id, c[i], r[i], p.Chosen.Length, p.Rejected.Length))
            .ToList();
    }

    private static long[] Longs(int[] ids) => ids.Select(i => (long)i).ToArray();

    private static int CheckBatch(int batchSize) => batchSize >= 1
        ? batchSize
        : throw new PlumbException($"batch size {batchSize} must be at least 1 pair.");
}
