namespace Plumb.Objectives;

/// <summary>Options for <see cref="HingeObjective"/>; beta is the inverse of SLiC's margin delta.</summary>
public sealed record HingeOptions : MarginOptions;

/// <summary>
/// SLiC's hinge loss on the DPO margin, <c>relu(1 - beta h)</c>.
/// Zhao et al. 2023, "SLiC-HF", https://arxiv.org/abs/2305.10425 (as used by RSO, Liu et al. 2024).
/// </summary>
public sealed class HingeObjective(HingeOptions options) : IPreferenceObjective
{
    public const string Name = "hinge";

    private readonly HingeOptions _options = Valid.Options(options, Name);

    public ObjectiveInfo Info { get; } = new(Name,
        "SLiC/RSO hinge loss on the margin (Zhao et al. 2023)", ObjectiveNeeds.ReferenceModel);

    public ObjectiveOutput Compute(PreferenceLogProbs logProbs, ObjectiveState state)
    {
        var terms = Pairs.Terms(logProbs, _options.Divergence, Name);
        var losses = (1.0 - _options.Beta * terms.Margin).relu();
        return Pairs.Output(losses, _options.Beta, terms, state);
    }
}
