using Plumb.Data;
using Plumb.Scoring;
using static TorchSharp.torch;

namespace Plumb.Training.Reference;

/// <summary>
/// Reference log-probs read from a <c>plumb score</c> file and looked up by example id, so no reference model
/// is held in memory during training (TRL's <c>precompute_ref_log_probs</c>).
/// </summary>
public sealed class PrecomputedReference : IReferenceLogProbs
{
    private readonly IReadOnlyDictionary<string, ReferenceScore> _scores;
    private readonly string _source;

    /// <param name="scores">Scores by example id.</param>
    /// <param name="source">Where they came from, named in errors (a file path).</param>
    public PrecomputedReference(IReadOnlyDictionary<string, ReferenceScore> scores, string source)
    {
        (_scores, _source) = (scores, source);
        Description = $"precomputed log-probs from {source} ({scores.Count} pairs)";
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <summary>Reads a score file and checks that it was computed for this model, data and tokenization.</summary>
    /// <exception cref="PlumbException">The file is unreadable, or its fingerprint differs (the message says
    /// what differs and how to recompute it).</exception>
    public static PrecomputedReference Open(string path, ReferenceFingerprint expected)
    {
        var (fingerprint, scores) = ReferenceScoreFile.Read(path);
        var differences = fingerprint.Differences(expected);
        if (differences.Count > 0)
            throw new PlumbException($"{path}: these reference log-probs were computed for other inputs: "
                + string.Join("; ", differences) + ". Recompute them with plumb score on the same --model, --data "
                + "and data options, or use --precompute-ref to compute and cache them.");
        return new PrecomputedReference(scores, path);
    }

    /// <summary>Checks that every example has a score, naming the first few missing ids.</summary>
    /// <exception cref="PlumbException">Some examples are not in the file.</exception>
    public void CheckCovers(IEnumerable<TokenizedPair> pairs)
    {
        var missing = pairs.Where(p => !_scores.ContainsKey(p.Id)).Select(p => p.Id).ToList();
        if (missing.Count > 0)
            throw new PlumbException($"{_source}: no reference log-probs for {missing.Count} example(s) "
                + $"({string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", ..." : "")}); recompute the file "
                + "with plumb score on the same data.");
    }

    /// <inheritdoc />
    public ReferencePair ScorePairs(IReadOnlyList<TokenizedPair> pairs, PairBatch batch, bool perToken)
    {
        var device = batch.Sequences.InputIds.device;
        var found = pairs.Select(Find).ToList();
        return new ReferencePair(
            tensor(found.Select(s => (float)s.Chosen).ToArray(), device: device),
            tensor(found.Select(s => (float)s.Rejected).ToArray(), device: device),
            null, null);
    }

    /// <inheritdoc />
    public Tensor ScoreSequences(IReadOnlyList<string> ids, SequenceBatch batch) =>
        throw new PlumbException("Precomputed reference log-probs cover chosen/rejected pairs only; KTO and BCO "
            + "score with a reference model: drop --ref-logps and --precompute-ref.");

    private ReferenceScore Find(TokenizedPair pair) =>
        _scores.TryGetValue(pair.Id, out var score)
            ? score
            : throw new PlumbException($"{_source}: no reference log-probs for example {pair.Id}; recompute the "
                + "file with plumb score on the same data.");

    /// <inheritdoc />
    public void Dispose() { }
}
