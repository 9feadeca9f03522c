using Plumb.Data;
using Plumb.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Diagnostics;

/// <summary>
/// A fixed set of tokenized pairs and held-out (prompt, completion) sequences that a model is measured on,
/// under no_grad and in eval mode, without touching its gradients.
/// </summary>
public sealed class ProbeSet
{
    private readonly DiagnosticsObserverOptions _options;

    /// <summary>Creates a probe set; <paramref name="heldOut"/> feeds top-k entropy and mass.</summary>
    public ProbeSet(IReadOnlyList<TokenizedPair> pairs, long padId,
        IReadOnlyList<(int[] Prompt, int[] Completion)>? heldOut = null, DiagnosticsObserverOptions? options = null)
    {
        if (pairs.Count == 0)
            throw new PlumbException("the probe set is empty; give the diagnostics at least one pair.");
        _options = options ?? new DiagnosticsObserverOptions();
        _options.Validate();
        Pairs = pairs;
        PadId = padId;
        HeldOut = heldOut ?? [];
        ShortPairs = pairs.Where(p => p.Chosen.Length <= _options.ShortResponseTokens).ToList();
    }

    /// <summary>The probe pairs, in order.</summary>
    public IReadOnlyList<TokenizedPair> Pairs { get; }

    /// <summary>The pad id batches are padded with.</summary>
    public long PadId { get; }

    /// <summary>Held-out sequences; top-k statistics average over their completion-predicting positions.</summary>
    public IReadOnlyList<(int[] Prompt, int[] Completion)> HeldOut { get; }

    /// <summary>Probe pairs with short chosen responses, whose first-position distribution is tracked.</summary>
    public IReadOnlyList<TokenizedPair> ShortPairs { get; }

    /// <summary>Measures the model now; restores its training mode afterwards.</summary>
    public ProbeSnapshot Measure(CausalLM model)
    {
        bool training = model.training;
        model.eval();
        try
        {
            using var noGrad = torch.no_grad();
            var device = model.parameters().First().device;
            var logProbs = PairScorer.LogProbs(model, Pairs, PadId, _options.BatchSize, device).ToList();
            return new ProbeSnapshot(logProbs.Select(p => p.Chosen).ToArray(),
                logProbs.Select(p => p.Rejected).ToArray(), TopK(model, device), FirstTokenProbs(model, device));
        }
        finally
        {
            if (training)
                model.train();
        }
    }

    /// <summary>CHES of each probe pair under the model (no_grad, eval mode).</summary>
    public IReadOnlyList<PairChes> Ches(CausalLM model)
    {
        bool training = model.training;
        model.eval();
        try
        {
            return PairScorer.Ches(model, Pairs, PadId, _options.BatchSize, model.parameters().First().device)
                .ToList();
        }
        finally
        {
            if (training)
                model.train();
        }
    }

    // One sequence at a time, projecting only its completion positions, so no [B, T, V] tensor is built.
    private TopKStatistics? TopK(CausalLM model, Device device)
    {
        var usable = HeldOut.Where(h => h.Prompt.Length > 0 && h.Completion.Length > 0).ToList();
        if (usable.Count == 0)
            return null;
        double entropy = 0, mass = 0;
        foreach (var (prompt, completion) in usable)
        {
            using var scope = torch.NewDisposeScope();
            var logits = Logits(model, prompt, completion, device);
            var stats = TopKDiversity.Measure(logits, k: Math.Min(_options.TopK, (int)logits.shape[^1]));
            entropy += stats.EntropyBits;
            mass += stats.Mass;
        }
        return new TopKStatistics(entropy / usable.Count, mass / usable.Count);
    }

    private double[]? FirstTokenProbs(CausalLM model, Device device)
    {
        if (ShortPairs.Count == 0)
            return null;
        using var scope = torch.NewDisposeScope();
        Tensor? sum = null;
        foreach (var pair in ShortPairs)
        {
            var ids = torch.tensor(pair.Prompt.Select(i => (long)i).ToArray(), device: device).unsqueeze(0);
            var last = model.HiddenStates(ids)[0, pair.Prompt.Length - 1];
            var probs = model.Logits(last).to(ScalarType.Float64).softmax(-1);
            sum = sum is null ? probs : sum + probs;
        }
        return LikelihoodDisplacement.ToDoubles(sum! / ShortPairs.Count);
    }

    private static Tensor Logits(CausalLM model, int[] prompt, int[] completion, Device device)
    {
        var ids = prompt.Concat(completion).Select(i => (long)i).ToArray();
        var input = torch.tensor(ids, device: device).unsqueeze(0);
        // Positions P-1 .. P+C-2 predict the completion tokens.
        var hidden = model.HiddenStates(input)[0].narrow(0, prompt.Length - 1, completion.Length);
        return model.Logits(hidden);
    }
}
