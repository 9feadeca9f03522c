using static TorchSharp.torch;

namespace Plumb.Objectives;

/// <summary>Options for <see cref="KtoObjective"/>.</summary>
public sealed record KtoOptions : IObjectiveOptions
{
    /// <summary>Scale beta of the implicit reward. The default value is 0.1.</summary>
    public double Beta { get; init; } = 0.1;

    /// <summary>Weight lambda_D of desirable rows. The default value is 1.0.</summary>
    public double DesirableWeight { get; init; } = 1.0;

    /// <summary>Weight lambda_U of undesirable rows. The default value is 1.0.</summary>
    public double UndesirableWeight { get; init; } = 1.0;

    /// <summary>
    /// True for <c>apo_zero_unpaired</c>: APO-zero's anchors instead of KTO's KL reference point. The default
    /// value is false.
    /// </summary>
    public bool ApoZero { get; init; }

    public void Validate(string objective)
    {
        Valid.Positive(Beta, "beta", objective);
        Valid.NonNegative(DesirableWeight, "desirable_weight", objective);
        Valid.NonNegative(UndesirableWeight, "undesirable_weight", objective);
    }
}

/// <summary>
/// KTO: prospect-theoretic value of each labelled completion against a KL reference point z0.
/// Ethayarajh et al. 2024, "KTO: Model Alignment as Prospect Theoretic Optimization", https://arxiv.org/abs/2402.01306.
/// </summary>
/// <remarks>
/// With <c>r = log pi(y) - log pi_ref(y)</c>: desirable <c>lambda_D (1 - sigmoid(beta (r - z0)))</c>, undesirable
/// <c>lambda_U (1 - sigmoid(beta (z0 - r)))</c>. z0 is the batch mean of the log-ratios of mismatched
/// (prompt, completion) pairs, clamped at 0 and detached (metric <c>kl</c>), as TRL's KTOTrainer. With
/// <see cref="KtoOptions.ApoZero"/>: <c>lambda_D (1 - sigmoid(beta r))</c> and <c>lambda_U sigmoid(beta r)</c>,
/// no z0 (D'Oosterlinck et al. 2024). Rewards are <c>beta r</c>.
/// </remarks>
public sealed class KtoObjective(KtoOptions options) : IUnpairedObjective
{
    public const string Name = "kto";
    public const string ApoZeroName = "apo_zero_unpaired";

    private readonly KtoOptions _options = Valid.Options(options, options.ApoZero ? ApoZeroName : Name);

    public ObjectiveInfo Info { get; } = options.ApoZero
        ? new(ApoZeroName, "APO-zero for unpaired data (D'Oosterlinck et al. 2024)",
            ObjectiveNeeds.ReferenceModel | ObjectiveNeeds.UnpairedData)
        : new(Name, "KTO prospect-theoretic loss with KL reference point (Ethayarajh et al. 2024)",
            ObjectiveNeeds.ReferenceModel | ObjectiveNeeds.UnpairedData | ObjectiveNeeds.MismatchedPairs);

    public ObjectiveOutput Compute(UnpairedLogProbs logProbs, ObjectiveState state)
    {
        Unpaired.CheckShapes(logProbs);
        double beta = _options.Beta;
        var ratio = logProbs.Policy - logProbs.Reference;
        var kl = _options.ApoZero ? zeros_like(ratio).sum() : KlEstimate(logProbs);
        var desirable = _options.ApoZero
            ? 1.0 - (beta * ratio).sigmoid()
            : 1.0 - (beta * (ratio - kl)).sigmoid();
        var undesirable = _options.ApoZero
            ? (beta * ratio).sigmoid()
            : 1.0 - (beta * (kl - ratio)).sigmoid();
        var losses = where(logProbs.IsDesirable,
            _options.DesirableWeight * desirable, _options.UndesirableWeight * undesirable);
        var output = Unpaired.Output(losses, beta * ratio, logProbs.IsDesirable, state);
        return output with { Metrics = new Dictionary<string, Tensor> { ["kl"] = kl } };
    }

    /// <summary>
    /// Which completion each prompt is paired with for the KL estimate: row i takes completion i-1 (row 0 takes the
    /// last), TRL's cycling of completions by one within the batch. A batch of one has no mismatched pair.
    /// </summary>
    public static int[] MismatchedCompletionIndices(int batchSize)
    {
        if (batchSize < 2)
            throw new PlumbException(
                $"KTO's KL estimate needs at least 2 rows per batch to mismatch prompts and completions; got "
                + $"{batchSize}. Raise the per-device batch size.");
        return Enumerable.Range(0, batchSize).Select(i => (i + batchSize - 1) % batchSize).ToArray();
    }

    /// <summary>z0: mean log-ratio of mismatched pairs, clamped at 0, without gradient.</summary>
    private static Tensor KlEstimate(UnpairedLogProbs logProbs)
    {
        if (logProbs.PolicyMismatched is null || logProbs.ReferenceMismatched is null)
            throw new PlumbException(
                "Objective 'kto' needs log-probs of mismatched (prompt, completion) pairs for its KL estimate; build "
                + "them by pairing each prompt with the previous row's completion, or use 'apo_zero_unpaired'.");
        return (logProbs.PolicyMismatched - logProbs.ReferenceMismatched).mean().clamp_min(0.0).detach();
    }
}
