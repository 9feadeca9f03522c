using static TorchSharp.torch;

namespace Plumb.Objectives;

/// <summary>Options for <see cref="CpoObjective"/>.</summary>
public sealed record CpoOptions : IObjectiveOptions
{
    /// <summary>Scale beta of the log-prob margin. The default value is 0.1.</summary>
    public double Beta { get; init; } = 0.1;

    /// <summary>Weight of the NLL (behaviour cloning) term, TRL's <c>cpo_alpha</c>. The default value is 1.0.</summary>
    public double Alpha { get; init; } = 1.0;

    /// <summary>Label smoothing epsilon in [0, 0.5). The default value is 0.</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>How the NLL term is averaged. The default value is TRL's batch token mean.</summary>
    public NllNormalization Normalization { get; init; } = NllNormalization.BatchTokenMean;

    public void Validate(string objective)
    {
        Valid.Positive(Beta, "beta", objective);
        Valid.NonNegative(Alpha, "cpo_alpha", objective);
        if (!(LabelSmoothing >= 0.0 && LabelSmoothing < 0.5))
            throw new PlumbException(
                $"label_smoothing must be in [0, 0.5) for '{objective}'; got {LabelSmoothing}.");
    }
}

/// <summary>
/// CPO: a reference-free logistic margin on summed log-probs plus NLL on the chosen response.
/// Xu et al. 2024, "Contrastive Preference Optimization", https://arxiv.org/abs/2401.08417.
/// </summary>
/// <remarks>
/// <c>-logsig(beta (log pi(y_w) - log pi(y_l))) + alpha * NLL(y_w)</c> (Eq. 3 plus the BC regulariser), as TRL's
/// CPOTrainer <c>sigmoid</c>. Rewards are <c>beta</c> times summed log-probs; metric <c>nll_loss</c>.
/// </remarks>
public sealed class CpoObjective(CpoOptions options) : IPreferenceObjective
{
    public const string Name = "cpo";

    private readonly CpoOptions _options = Valid.Options(options, Name);

    public ObjectiveInfo Info { get; } = new(Name,
        "CPO reference-free margin plus chosen NLL (Xu et al. 2024)", ObjectiveNeeds.CompletionLengths);

    public ObjectiveOutput Compute(PreferenceLogProbs logProbs, ObjectiveState state)
    {
        Pairs.CheckShapes(logProbs);
        var chosen = logProbs.PolicyChosen;
        var rejected = logProbs.PolicyRejected;
        var preference = Pairs.SmoothedLogistic(_options.Beta * (chosen - rejected), _options.LabelSmoothing);
        var nll = Nll.PerExample(chosen, () => logProbs.ChosenLengthsFor(Name), _options.Normalization);
        var output = Pairs.Output(preference + _options.Alpha * nll, _options.Beta, chosen, rejected, state);
        return output with { Metrics = new Dictionary<string, Tensor> { ["nll_loss"] = nll.mean().detach() } };
    }
}
