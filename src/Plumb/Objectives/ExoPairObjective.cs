using static TorchSharp.torch;

namespace Plumb.Objectives;

/// <summary>Options for <see cref="ExoPairObjective"/>.</summary>
public sealed record ExoPairOptions : MarginOptions
{
    /// <summary>The target's mass on the rejected response, epsilon in (0, 1). The default value is 1e-3.</summary>
    public double LabelSmoothing { get; init; } = 1e-3;

    public override void Validate(string objective)
    {
        base.Validate(objective);
        if (!(LabelSmoothing > 0.0 && LabelSmoothing < 1.0))
            throw new PlumbException(
                $"label_smoothing must be in (0, 1) for '{objective}' (the paper uses 1e-3); got {LabelSmoothing}.");
    }
}

/// <summary>
/// EXO for pairs: reverse KL from the model's pair distribution to a smoothed label.
/// Ji et al. 2024, "Towards Efficient Exact Optimization of Language Model Alignment", arXiv 2402.00856.
/// </summary>
/// <remarks>
/// Eq. 16 with K = 2: <c>q_w (log q_w - log(1-eps)) + q_l (log q_l - log eps)</c>, <c>q_w = sigmoid(beta h)</c>.
/// </remarks>
public sealed class ExoPairObjective(ExoPairOptions options) : IPreferenceObjective
{
    public const string Name = "exo_pair";

    private readonly ExoPairOptions _options = Valid.Options(options, Name);

    public ObjectiveInfo Info { get; } = new(Name,
        "EXO pairwise reverse-KL objective (Ji et al. 2024)", ObjectiveNeeds.ReferenceModel);

    public ObjectiveOutput Compute(PreferenceLogProbs logProbs, ObjectiveState state)
    {
        var terms = Pairs.Terms(logProbs, _options.Divergence, Name);
        double eps = _options.LabelSmoothing;
        var z = _options.Beta * terms.Margin;
        var chosen = z.sigmoid() * (nn.functional.logsigmoid(z) - Math.Log(1.0 - eps));
        var rejected = (-z).sigmoid() * (nn.functional.logsigmoid(-z) - Math.Log(eps));
        return Pairs.Output(chosen + rejected, _options.Beta, terms, state);
    }
}
