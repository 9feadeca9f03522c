using Plumb.Data;
using Plumb.Models;
using Plumb.Scoring;
using TorchSharp;

namespace Plumb.Synthetic;

/// <summary>Summed completion log-probs of chosen and rejected answers under one model, pair by pair.</summary>
public static class PairScores
{
    /// <summary>
    /// log π(chosen) and log π(rejected) for each pair, in order, in eval mode and without gradients.
    /// </summary>
    public static (double[] Chosen, double[] Rejected) Compute(
        CausalLM model, IReadOnlyList<TokenizedPair> pairs, long padId, int batchSize = 32)
    {
        var chosen = new List<double>(pairs.Count);
        var rejected = new List<double>(pairs.Count);
        bool training = model.training;
        model.eval();
        using (torch.no_grad())
        {
            var device = model.parameters().First().device;
            foreach (var chunk in pairs.Chunk(batchSize))
            {
                using var scope = torch.NewDisposeScope();
                using var batch = PairBatch.Create(
                    chunk.Select(p => (p.Prompt, p.Chosen, p.Rejected)).ToList(), padId, device);
                var (c, r) = batch.Compute(model);
                chosen.AddRange(c.Sums.to(torch.ScalarType.Float64).cpu().data<double>().ToArray());
                rejected.AddRange(r.Sums.to(torch.ScalarType.Float64).cpu().data<double>().ToArray());
            }
        }
        model.train(training);
        return ([.. chosen], [.. rejected]);
    }
}
