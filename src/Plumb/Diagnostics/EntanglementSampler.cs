using Plumb.Data;
using Plumb.Models;
using Plumb.Scoring;

namespace Plumb.Diagnostics;

/// <summary>Gradient entanglement (Yuan et al. 2024, arXiv 2410.13828) of a model on a seeded sample of pairs.
/// </summary>
public static class EntanglementSampler
{
    /// <summary>Draws <paramref name="count"/> pairs without replacement (all when fewer), seeded.</summary>
    public static IReadOnlyList<int> Sample(int total, int count, int seed)
    {
        if (count < 1)
            throw new PlumbException($"pair count {count} must be at least 1.");
        var order = Enumerable.Range(0, total).ToArray();
        new Random(seed).Shuffle(order);
        return order.Take(Math.Min(count, total)).Order().ToList();
    }

    /// <summary>Measures each pair: gradients of its summed chosen and rejected log-probs.</summary>
    public static List<PairEntanglement> Measure(CausalLM model, IReadOnlyList<TokenizedPair> pairs, long padId,
        string? parameterPrefix = null, TorchSharp.torch.Device? device = null) =>
        pairs.Select(p => GradientEntanglement.Measure(model, () =>
        {
            var batch = PairBatch.Create([(p.Prompt, p.Chosen, p.Rejected)], padId, device);
            var (chosen, rejected) = batch.Compute(model);
            return (chosen.Sums.sum(), rejected.Sums.sum());
        }, parameterPrefix)).ToList();
}
