namespace Plumb.Objectives;

/// <summary>Options for <see cref="SigmoidObjective"/>.</summary>
public sealed record SigmoidOptions : MarginOptions
{
    /// <summary>cDPO's label-flip rate epsilon in [0, 0.5); 0 gives plain DPO. The default value is 0.</summary>
    public double LabelSmoothing { get; init; }

    public override void Validate(string objective)
    {
        base.Validate(objective);
        if (!(LabelSmoothing >= 0.0 && LabelSmoothing < 0.5))
            throw new PlumbException(
                $"label_smoothing must be in [0, 0.5) for '{objective}'; got {LabelSmoothing}.");
    }
}

/// <summary>
/// DPO's logistic loss <c>-logsig(beta h)</c>, label-smoothed into cDPO when epsilon is positive.
/// Rafailov et al. 2023, "Direct Preference Optimization", https://arxiv.org/abs/2305.18290.
/// </summary>
/// <remarks>
/// cDPO (Mitchell's note): <c>-(1-eps) logsig(beta h) - eps logsig(-beta h)</c>. TRL 0.28 and earlier, OpenRLHF
/// and torchtune apply <c>label_smoothing</c> here; TRL 0.29+ silently ignores it for <c>sigmoid</c>. Plumb
/// honours it: leave it at 0 to reproduce TRL 0.29+.
/// </remarks>
public sealed class SigmoidObjective(SigmoidOptions options) : IPreferenceObjective
{
    public const string Name = "sigmoid";

    private readonly SigmoidOptions _options = Valid.Options(options, Name);

    public ObjectiveInfo Info { get; } = new(Name,
        "DPO logistic loss (Rafailov et al. 2023); cDPO when label_smoothing > 0",
        ObjectiveNeeds.ReferenceModel);

    public ObjectiveOutput Compute(PreferenceLogProbs logProbs, ObjectiveState state)
    {
        var terms = Pairs.Terms(logProbs, _options.Divergence, Name);
        var losses = Pairs.SmoothedLogistic(_options.Beta * terms.Margin, _options.LabelSmoothing);
        return Pairs.Output(losses, _options.Beta, terms, state);
    }
}
