using static TorchSharp.torch;

namespace Plumb.Objectives;

/// <summary>Options for <see cref="VpoObjective"/>.</summary>
public sealed record VpoOptions : MarginOptions
{
    /// <summary>Weight alpha of the value regulariser. The default value is 0.1 (not from the paper).</summary>
    public double Alpha { get; init; } = 0.1;

    /// <summary>Offline (pessimistic) or online (optimistic). The default value is offline.</summary>
    public VpoMode Mode { get; init; } = VpoMode.Offline;

    public override void Validate(string objective)
    {
        base.Validate(objective);
        Valid.NonNegative(Alpha, "vpo alpha", objective);
    }
}

/// <summary>
/// VPO: DPO plus a sign-modulated value regulariser on calibration samples.
/// Cen et al. 2025, "Value-Incentivized Preference Optimization", https://arxiv.org/abs/2405.19320.
/// </summary>
/// <remarks>
/// Plumb's reading, derived from the paper's construction (no public code; the exact equation's sign and beta
/// placement are unconfirmed): <c>-logsig(beta h) + sign * alpha * beta * log pi(y_cal)</c>, sign +1 online and
/// -1 offline, with <c>y_cal</c> sampled from the calibration policy (usually the reference); the constant
/// <c>log pi_ref(y_cal)</c> is dropped. When the batch carries no <c>PolicyCalibration</c>, the pair's own two
/// responses stand in as calibration samples: <c>log pi(y_cal) = (log pi(y_w) + log pi(y_l)) / 2</c>.
/// </remarks>
public sealed class VpoObjective(VpoOptions options) : IPreferenceObjective
{
    public const string Name = "vpo";

    private readonly VpoOptions _options = Valid.Options(options, Name);

    public ObjectiveInfo Info { get; } = new(Name,
        "VPO: DPO plus sign-modulated value regulariser (Cen et al. 2025)", ObjectiveNeeds.ReferenceModel);

    public ObjectiveOutput Compute(PreferenceLogProbs logProbs, ObjectiveState state)
    {
        var terms = Pairs.Terms(logProbs, _options.Divergence, Name);
        double beta = _options.Beta;
        double sign = _options.Mode == VpoMode.Online ? 1.0 : -1.0;
        // TODO(#4): confirm the sign, beta placement and a default alpha against the paper's exact equation.
        var calibration = logProbs.PolicyCalibration ?? (logProbs.PolicyChosen + logProbs.PolicyRejected) / 2.0;
        var value = sign * _options.Alpha * beta * calibration;
        var losses = -nn.functional.logsigmoid(beta * terms.Margin) + value;
        var output = Pairs.Output(losses, beta, terms, state);
        return output with { Metrics = new Dictionary<string, Tensor> { ["value_term"] = value.mean().detach() } };
    }
}
