namespace Plumb.Objectives;

/// <summary>Options for <see cref="IpoObjective"/>; <see cref="MarginOptions.Beta"/> is the paper's tau.</summary>
public sealed record IpoOptions : MarginOptions
{
    /// <summary>
    /// Divide each log-ratio by its completion length before the margin. The default value is true (TRL, which
    /// reports this as confirmed with the IPO authors); false gives OpenRLHF's and Razin et al.'s summed form.
    /// </summary>
    public bool LengthNormalized { get; init; } = true;
}

/// <summary>
/// IPO's squared loss, regressing the margin onto <c>1/(2 tau)</c>.
/// Azar et al. 2024, "A General Theoretical Paradigm to Understand Learning from Human Preferences",
/// https://arxiv.org/abs/2310.12036.
/// </summary>
/// <remarks><c>(h - 1/(2 beta))^2</c>, Eq. 17, with h built from length-normalised log-ratios by default.</remarks>
public sealed class IpoObjective(IpoOptions options) : IPreferenceObjective
{
    public const string Name = "ipo";

    private readonly IpoOptions _options = Valid.Options(options, Name);

    public ObjectiveInfo Info { get; } = new(Name,
        "IPO squared margin loss (Azar et al. 2024), length-normalised as in TRL",
        ObjectiveNeeds.ReferenceModel | ObjectiveNeeds.CompletionLengths);

    public ObjectiveOutput Compute(PreferenceLogProbs logProbs, ObjectiveState state)
    {
        var terms = Pairs.Terms(logProbs, _options.Divergence, Name);
        var margin = _options.LengthNormalized
            ? terms.ChosenScore / logProbs.ChosenLengthsFor(Name).clamp_min(1.0)
                - terms.RejectedScore / logProbs.RejectedLengthsFor(Name).clamp_min(1.0)
            : terms.Margin;
        var losses = (margin - 1.0 / (2.0 * _options.Beta)).square();
        return Pairs.Output(losses, _options.Beta, terms, state);
    }
}
