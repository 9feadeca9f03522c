namespace Plumb.Objectives;

/// <summary>Options for <see cref="SppoHardObjective"/>.</summary>
public sealed record SppoHardOptions : MarginOptions;

/// <summary>
/// SPPO with hard win probabilities: regress the chosen log-ratio to <c>1/(2 beta)</c>, the rejected to its negative.
/// Wu et al. 2024, "Self-Play Preference Optimization for Language Model Alignment", https://arxiv.org/abs/2405.00675.
/// </summary>
/// <remarks>
/// <c>(s_w - 1/(2 beta))^2 + (s_l + 1/(2 beta))^2</c>: Eq. 4.7 with P = 1 for the winner and 0 for the loser.
/// </remarks>
public sealed class SppoHardObjective(SppoHardOptions options) : IPreferenceObjective
{
    public const string Name = "sppo_hard";

    private readonly SppoHardOptions _options = Valid.Options(options, Name);

    public ObjectiveInfo Info { get; } = new(Name,
        "SPPO with hard preference labels (Wu et al. 2024)", ObjectiveNeeds.ReferenceModel);

    public ObjectiveOutput Compute(PreferenceLogProbs logProbs, ObjectiveState state)
    {
        var terms = Pairs.Terms(logProbs, _options.Divergence, Name);
        double target = 0.5 / _options.Beta;
        var losses = (terms.ChosenScore - target).square() + (terms.RejectedScore + target).square();
        return Pairs.Output(losses, _options.Beta, terms, state);
    }
}
