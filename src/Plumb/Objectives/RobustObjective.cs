namespace Plumb.Objectives;

/// <summary>Options for <see cref="RobustObjective"/>.</summary>
public sealed record RobustOptions : MarginOptions
{
    /// <summary>Assumed label-flip rate epsilon in [0, 0.5). The default value is 0.1 (the paper's setting).</summary>
    public double LabelSmoothing { get; init; } = 0.1;

    public override void Validate(string objective)
    {
        base.Validate(objective);
        if (!(LabelSmoothing >= 0.0 && LabelSmoothing < 0.5))
            throw new PlumbException(
                $"label_smoothing must be in [0, 0.5) for '{objective}'; got {LabelSmoothing}.");
    }
}

/// <summary>
/// Robust DPO: an unbiased estimate of the clean DPO loss under label flips at rate epsilon.
/// Chowdhury et al. 2024, "Provably Robust DPO", https://arxiv.org/abs/2403.00409.
/// </summary>
/// <remarks>
/// <c>[(1-eps)(-logsig(beta h)) - eps(-logsig(-beta h))] / (1 - 2 eps)</c>. It can be negative; that is not
/// clipped. TRL's <c>robust</c> computes the same in every version.
/// </remarks>
public sealed class RobustObjective(RobustOptions options) : IPreferenceObjective
{
    public const string Name = "robust";

    private readonly RobustOptions _options = Valid.Options(options, Name);

    public ObjectiveInfo Info { get; } = new(Name,
        "Robust DPO, unbiased under label noise (Chowdhury et al. 2024)", ObjectiveNeeds.ReferenceModel);

    public ObjectiveOutput Compute(PreferenceLogProbs logProbs, ObjectiveState state)
    {
        var terms = Pairs.Terms(logProbs, _options.Divergence, Name);
        double eps = _options.LabelSmoothing;
        var z = _options.Beta * terms.Margin;
        var clean = -(1.0 - eps) * TorchSharp.torch.nn.functional.logsigmoid(z);
        var flipped = -eps * TorchSharp.torch.nn.functional.logsigmoid(-z);
        return Pairs.Output((clean - flipped) / (1.0 - 2.0 * eps), _options.Beta, terms, state);
    }
}
