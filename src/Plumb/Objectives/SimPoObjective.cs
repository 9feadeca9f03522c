namespace Plumb.Objectives;

/// <summary>Options for <see cref="SimPoObjective"/>.</summary>
public sealed record SimPoOptions : IObjectiveOptions
{
    /// <summary>Reward scale beta on mean token log-probs. The default value is 2.0 (paper: 2 to 2.5).</summary>
    public double Beta { get; init; } = 2.0;

    /// <summary>Target reward margin gamma. The default value is 0.5 (SimPO repo: beta 2.0 x ratio 0.25).</summary>
    public double Gamma { get; init; } = 0.5;

    /// <summary>Label smoothing epsilon in [0, 0.5). The default value is 0.</summary>
    public double LabelSmoothing { get; init; }

    public void Validate(string objective)
    {
        Valid.Positive(Beta, "beta", objective);
        Valid.NonNegative(Gamma, "simpo_gamma", objective);
        if (!(LabelSmoothing >= 0.0 && LabelSmoothing < 0.5))
            throw new PlumbException(
                $"label_smoothing must be in [0, 0.5) for '{objective}'; got {LabelSmoothing}.");
    }
}

/// <summary>
/// SimPO: reference-free margin on length-normalised log-probs with a target margin gamma.
/// Meng et al. 2024, "SimPO: Simple Preference Optimization with a Reference-Free Reward",
/// https://arxiv.org/abs/2405.14734.
/// </summary>
/// <remarks>
/// <c>-logsig(beta/|y_w| log pi(y_w) - beta/|y_l| log pi(y_l) - gamma)</c>. Reference log-probs are ignored.
/// TRL's CPOTrainer <c>simpo</c> computes the same; its defaults (beta 0.1) are far from the paper's, so Plumb
/// uses the paper's. Rewards are <c>beta</c> times mean token log-probs.
/// </remarks>
public sealed class SimPoObjective(SimPoOptions options) : IPreferenceObjective
{
    public const string Name = "simpo";

    private readonly SimPoOptions _options = Valid.Options(options, Name);

    public ObjectiveInfo Info { get; } = new(Name,
        "SimPO reference-free length-normalised margin (Meng et al. 2024)", ObjectiveNeeds.CompletionLengths);

    public ObjectiveOutput Compute(PreferenceLogProbs logProbs, ObjectiveState state)
    {
        Pairs.CheckShapes(logProbs);
        var chosen = logProbs.PolicyChosen / logProbs.ChosenLengthsFor(Name).clamp_min(1.0);
        var rejected = logProbs.PolicyRejected / logProbs.RejectedLengthsFor(Name).clamp_min(1.0);
        var z = _options.Beta * (chosen - rejected) - _options.Gamma;
        var losses = Pairs.SmoothedLogistic(z, _options.LabelSmoothing);
        return Pairs.Output(losses, _options.Beta, chosen, rejected, state);
    }
}
