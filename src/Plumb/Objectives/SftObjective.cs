namespace Plumb.Objectives;

/// <summary>Options for <see cref="SftObjective"/>.</summary>
public sealed record SftOptions : IObjectiveOptions
{
    /// <summary>How the chosen NLL is averaged. The default value is TRL's batch token mean.</summary>
    public NllNormalization Normalization { get; init; } = NllNormalization.BatchTokenMean;

    public void Validate(string objective) { }
}

/// <summary>
/// The negative log-likelihood of the chosen completions, as a weighted term beside a preference loss.
/// Pang et al. 2024, "Iterative Reasoning Preference Optimization", https://arxiv.org/abs/2404.19733.
/// </summary>
/// <remarks>
/// TRL's <c>sft</c> (and its older <c>rpo_alpha</c>) is the token-mean cross-entropy over every chosen completion
/// token in the batch. Example i carries <c>-logp_i * B / sum_j |y_j|</c>, so the batch mean is that value exactly
/// and each row's share is proportional to its summed NLL. Rewards are the mean token log-probs, detached.
/// The metric <c>nll_loss</c> is the batch value.
/// </remarks>
public sealed class SftObjective(SftOptions options) : IPreferenceObjective
{
    public const string Name = "sft";

    private readonly SftOptions _options = Valid.Options(options, Name);

    public ObjectiveInfo Info { get; } = new(Name,
        "NLL of the chosen completion, token-mean as in TRL (Pang et al. 2024)", ObjectiveNeeds.CompletionLengths);

    public ObjectiveOutput Compute(PreferenceLogProbs logProbs, ObjectiveState state)
    {
        Pairs.CheckShapes(logProbs);
        var chosenLengths = logProbs.ChosenLengthsFor(Name);
        var losses = Nll.PerExample(logProbs.PolicyChosen, () => chosenLengths, _options.Normalization);
        var chosen = logProbs.PolicyChosen / chosenLengths.clamp_min(1.0);
        var rejected = logProbs.PolicyRejected / logProbs.RejectedLengthsFor(Name).clamp_min(1.0);
        return Pairs.Output(losses, 1.0, chosen, rejected, state) with
        {
            Metrics = new Dictionary<string, TorchSharp.torch.Tensor> { ["nll_loss"] = losses.mean().detach() },
        };
    }
}
