using Plumb.Data;
using Plumb.Models;
using Plumb.Tokenization;

namespace Plumb.Diagnostics;

/// <summary>Builds the <see cref="DiagnosticsObserver"/> a training command attaches for displacement tracking.
/// </summary>
public static class TrainingDiagnostics
{
    /// <summary>The probe size used when none is given.</summary>
    public const int DefaultProbeSize = 32;

    /// <summary>
    /// An observer on a seeded sample of <paramref name="probeSize"/> training pairs; top-k statistics use up to
    /// as many held-out pairs (prompt and chosen), or the probe pairs themselves when there is no eval set.
    /// </summary>
    public static DiagnosticsObserver CreateObserver(CausalLM policy, IReadOnlyList<TokenizedPair> train,
        IReadOnlyList<TokenizedPair>? eval, long padId, Action<string> warn, int probeSize = DefaultProbeSize,
        int seed = 0, ITokenizer? tokenizer = null, DiagnosticsObserverOptions? options = null)
    {
        if (train.Count == 0)
            throw new PlumbException("displacement tracking needs training pairs to probe; the training set is empty.");
        var probe = EntanglementSampler.Sample(train.Count, probeSize, seed).Select(i => train[i]).ToList();
        var heldOutSource = eval is { Count: > 0 } ? eval.Take(probeSize) : probe;
        var heldOut = heldOutSource.Select(p => (p.Prompt, p.Chosen)).ToList();
        var set = new ProbeSet(probe, padId, heldOut, options);
        Func<int, string?>? text = tokenizer is null ? null : id => tokenizer.Decode([id]);
        return new DiagnosticsObserver(policy, set, warn, tokenText: text, options: options);
    }

    /// <summary>
    /// <see cref="CreateObserver"/> for a trainer's example type: an observer when the examples are
    /// <see cref="TokenizedPair"/>s, otherwise null (unpaired data has no chosen/rejected pair to probe).
    /// </summary>
    public static DiagnosticsObserver? ForExamples<TExample>(CausalLM policy, IReadOnlyList<TExample> train,
        IReadOnlyList<TExample>? eval, long padId, Action<string> warn, int probeSize = DefaultProbeSize,
        int seed = 0, ITokenizer? tokenizer = null, DiagnosticsObserverOptions? options = null) =>
        train is IReadOnlyList<TokenizedPair> pairs
            ? CreateObserver(policy, pairs, eval as IReadOnlyList<TokenizedPair>, padId, warn, probeSize, seed,
                tokenizer, options)
            : null;
}
