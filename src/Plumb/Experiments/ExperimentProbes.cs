using Plumb.Data;
using Plumb.Diagnostics;
using Plumb.Models;
using Plumb.Scoring;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Experiments;

/// <summary>Measurements the experiments take of a model, all in eval mode without gradients.</summary>
public static class ExperimentProbes
{
    /// <summary>The next-token distribution [V] (float64) after <paramref name="prompt"/>.</summary>
    public static Tensor NextTokenProbabilities(CausalLM model, int[] prompt)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var ids = tensor(prompt.Select(i => (long)i).ToArray(), [1, prompt.Length]);
        var hidden = model.HiddenStates(ids)[0, prompt.Length - 1];
        var probs = model.Logits(hidden.unsqueeze(0))[0].to(ScalarType.Float64).softmax(-1);
        return probs.MoveToOuterDisposeScope();
    }

    /// <summary>Summed completion log-probs of each pair's chosen and rejected response.</summary>
    public static (double[] Chosen, double[] Rejected) PairLogProbs(CausalLM model, long padId,
        IReadOnlyList<TokenizedPair> pairs, int batchSize = 64)
    {
        using var _ = no_grad();
        var chosen = new List<double>();
        var rejected = new List<double>();
        foreach (var chunk in pairs.Chunk(batchSize))
        {
            using var scope = NewDisposeScope();
            using var batch = PairBatch.Create(Triples(chunk), padId);
            var (c, r) = batch.Compute(model);
            chosen.AddRange(LikelihoodDisplacement.ToDoubles(c.Sums));
            rejected.AddRange(LikelihoodDisplacement.ToDoubles(r.Sums));
        }
        return (chosen.ToArray(), rejected.ToArray());
    }

    /// <summary>CHES and its baselines for each pair, from final hidden states at the response positions.
    /// </summary>
    public static IReadOnlyList<PairSimilarity> Similarities(CausalLM model, long padId,
        IReadOnlyList<TokenizedPair> pairs, int batchSize = 64)
    {
        using var _ = no_grad();
        var scores = new List<PairSimilarity>();
        foreach (var chunk in pairs.Chunk(batchSize))
        {
            using var scope = NewDisposeScope();
            using var batch = PairBatch.Create(Triples(chunk), padId);
            var (c, r) = batch.Compute(model, keepHidden: true);
            for (int i = 0; i < chunk.Length; i++)
            {
                var (_, prompt, chosen, rejected) = chunk[i];
                // Hidden rows are the T - 1 predicting positions; a response's states start at P - 1.
                var chosenStates = c.Hidden![i].narrow(0, prompt.Length - 1, chosen.Length);
                var rejectedStates = r.Hidden![i].narrow(0, prompt.Length - 1, rejected.Length);
                scores.Add(Ches.Score(chosenStates, rejectedStates,
                    chosen.Select(t => (long)t).ToList(), rejected.Select(t => (long)t).ToList()));
            }
        }
        return scores;
    }

    private static List<(int[] Prompt, int[] Chosen, int[] Rejected)> Triples(TokenizedPair[] pairs) =>
        pairs.Select(p => (p.Prompt, p.Chosen, p.Rejected)).ToList();

    /// <summary>The unembedding matrix [V, H] (float64), read through <see cref="CausalLM.Logits"/>.</summary>
    public static Tensor Unembedding(CausalLM model)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var identity = eye(model.Config.HiddenSize);
        return model.Logits(identity).t().to(ScalarType.Float64).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>Single-token CHES over unembedding rows: &lt;W+, W-&gt; - ||W+||^2.</summary>
    public static double UnembeddingChes(Tensor unembedding, int chosen, int rejected)
    {
        using var scope = NewDisposeScope();
        var wc = unembedding[chosen];
        var wr = unembedding[rejected];
        return wc.dot(wr).item<double>() - wc.dot(wc).item<double>();
    }
}
