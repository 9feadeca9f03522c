namespace Plumb.Objectives;

/// <summary>Which anchor APO uses.</summary>
public enum ApoAnchor
{
    /// <summary><c>apo_zero</c>: chosen outputs are better than the model's; raise chosen, lower rejected.</summary>
    Zero,

    /// <summary><c>apo_down</c>: chosen outputs are worse than the model's; lower both, rejected more.</summary>
    Down,
}

/// <summary>Options for <see cref="ApoObjective"/>.</summary>
public sealed record ApoOptions : MarginOptions
{
    /// <summary>The anchor. The default value is <see cref="ApoAnchor.Zero"/>.</summary>
    public ApoAnchor Anchor { get; init; } = ApoAnchor.Zero;
}

/// <summary>
/// Anchored Preference Optimization: each response's reward is anchored, not only their difference.
/// D'Oosterlinck et al. 2024, "Anchored Preference Optimization and Contrastive Revisions",
/// https://arxiv.org/abs/2408.06266.
/// </summary>
/// <remarks>
/// Zero (Eq. 7): <c>(1 - sigmoid(beta l_w)) + sigmoid(beta l_l)</c>. Down (Eq. 8):
/// <c>sigmoid(beta l_w) + (1 - sigmoid(beta h))</c>. As in TRL, the anchored terms use raw log-ratios and only
/// the margin <c>h</c> goes through the f-divergence.
/// </remarks>
public sealed class ApoObjective(ApoOptions options) : IPreferenceObjective
{
    public const string ZeroName = "apo_zero";
    public const string DownName = "apo_down";

    private readonly ApoOptions _options = Valid.Options(options, NameOf(options.Anchor));

    public ObjectiveInfo Info { get; } = options.Anchor == ApoAnchor.Zero
        ? new(ZeroName, "APO-zero anchored loss (D'Oosterlinck et al. 2024)", ObjectiveNeeds.ReferenceModel)
        : new(DownName, "APO-down anchored loss (D'Oosterlinck et al. 2024)", ObjectiveNeeds.ReferenceModel);

    public ObjectiveOutput Compute(PreferenceLogProbs logProbs, ObjectiveState state)
    {
        var terms = Pairs.Terms(logProbs, _options.Divergence, Info.Name);
        double beta = _options.Beta;
        var losses = _options.Anchor == ApoAnchor.Zero
            ? (1.0 - (beta * terms.ChosenRatio).sigmoid()) + (beta * terms.RejectedRatio).sigmoid()
            : (beta * terms.ChosenRatio).sigmoid() + (1.0 - (beta * terms.Margin).sigmoid());
        return Pairs.Output(losses, beta, terms, state);
    }

    private static string NameOf(ApoAnchor anchor) => anchor == ApoAnchor.Zero ? ZeroName : DownName;
}
