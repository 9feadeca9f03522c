namespace Plumb.Objectives;

/// <summary>Options for <see cref="SigmoidNormObjective"/>.</summary>
public sealed record SigmoidNormOptions : MarginOptions;

/// <summary>
/// Length-normalised DPO: each log-ratio divided by its completion length before the logistic loss.
/// Lambert et al. 2024, "Tulu 3: Pushing Frontiers in Open Language Model Post-Training",
/// https://arxiv.org/abs/2411.15124.
/// </summary>
/// <remarks><c>-logsig(beta (s_w/|y_w| - s_l/|y_l|))</c>; TRL's <c>sigmoid_norm</c> (v1.4+).</remarks>
public sealed class SigmoidNormObjective(SigmoidNormOptions options) : IPreferenceObjective
{
    public const string Name = "sigmoid_norm";

    private readonly SigmoidNormOptions _options = Valid.Options(options, Name);

    public ObjectiveInfo Info { get; } = new(Name,
        "Length-normalised DPO (Tulu 3, Lambert et al. 2024)",
        ObjectiveNeeds.ReferenceModel | ObjectiveNeeds.CompletionLengths);

    public ObjectiveOutput Compute(PreferenceLogProbs logProbs, ObjectiveState state)
    {
        var terms = Pairs.Terms(logProbs, _options.Divergence, Name);
        var margin = terms.ChosenScore / logProbs.ChosenLengthsFor(Name).clamp_min(1.0)
            - terms.RejectedScore / logProbs.RejectedLengthsFor(Name).clamp_min(1.0);
        var losses = -TorchSharp.torch.nn.functional.logsigmoid(_options.Beta * margin);
        return Pairs.Output(losses, _options.Beta, terms, state);
    }
}
