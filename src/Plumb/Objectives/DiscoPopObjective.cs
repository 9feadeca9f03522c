using static TorchSharp.torch;

namespace Plumb.Objectives;

/// <summary>Options for <see cref="DiscoPopObjective"/>.</summary>
public sealed record DiscoPopOptions : MarginOptions
{
    /// <summary>Temperature of the blend between the two components. The default value is 0.05 (the paper's).</summary>
    public double Tau { get; init; } = 0.05;

    public override void Validate(string objective)
    {
        base.Validate(objective);
        Valid.Positive(Tau, "discopop_tau", objective);
    }
}

/// <summary>
/// DiscoPOP's log-ratio modulated loss: a blend of the logistic and exponential losses.
/// Lu et al. 2024, "Discovering Preference Optimization Algorithms with and for LLMs", arXiv 2406.08414.
/// </summary>
/// <remarks>
/// With <c>z = beta h</c> and <c>m = sigmoid(z / tau)</c>: <c>(1 - m)(-logsig(z)) + m exp(-z)</c> (Eq. 5).
/// </remarks>
public sealed class DiscoPopObjective(DiscoPopOptions options) : IPreferenceObjective
{
    public const string Name = "discopop";

    private readonly DiscoPopOptions _options = Valid.Options(options, Name);

    public ObjectiveInfo Info { get; } = new(Name,
        "DiscoPOP log-ratio modulated loss (Lu et al. 2024)", ObjectiveNeeds.ReferenceModel);

    public ObjectiveOutput Compute(PreferenceLogProbs logProbs, ObjectiveState state)
    {
        var terms = Pairs.Terms(logProbs, _options.Divergence, Name);
        var z = _options.Beta * terms.Margin;
        var modulation = (z / _options.Tau).sigmoid();
        var losses = (1.0 - modulation) * -nn.functional.logsigmoid(z) + modulation * (-z).exp();
        return Pairs.Output(losses, _options.Beta, terms, state);
    }
}
