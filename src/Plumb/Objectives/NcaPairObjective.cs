using static TorchSharp.torch;

namespace Plumb.Objectives;

/// <summary>Options for <see cref="NcaPairObjective"/>.</summary>
public sealed record NcaPairOptions : MarginOptions;

/// <summary>
/// NCA for pairs: raises the chosen reward in absolute terms instead of only the margin.
/// Chen et al. 2024, "Noise Contrastive Alignment of Language Models with Explicit Rewards",
/// https://arxiv.org/abs/2402.05369.
/// </summary>
/// <remarks><c>-logsig(r_w) - 0.5 logsig(-r_w) - 0.5 logsig(-r_l)</c> with <c>r = beta * score</c>.</remarks>
public sealed class NcaPairObjective(NcaPairOptions options) : IPreferenceObjective
{
    public const string Name = "nca_pair";

    private readonly NcaPairOptions _options = Valid.Options(options, Name);

    public ObjectiveInfo Info { get; } = new(Name,
        "NCA pairwise noise-contrastive loss (Chen et al. 2024)", ObjectiveNeeds.ReferenceModel);

    public ObjectiveOutput Compute(PreferenceLogProbs logProbs, ObjectiveState state)
    {
        var terms = Pairs.Terms(logProbs, _options.Divergence, Name);
        var chosen = _options.Beta * terms.ChosenScore;
        var rejected = _options.Beta * terms.RejectedScore;
        var losses = -nn.functional.logsigmoid(chosen)
            - 0.5 * nn.functional.logsigmoid(-chosen)
            - 0.5 * nn.functional.logsigmoid(-rejected);
        return Pairs.Output(losses, _options.Beta, terms, state);
    }
}
