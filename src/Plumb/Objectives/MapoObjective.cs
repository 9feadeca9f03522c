using static TorchSharp.torch;

namespace Plumb.Objectives;

/// <summary>Options for <see cref="MapoObjective"/>.</summary>
public sealed record MapoOptions : IObjectiveOptions
{
    /// <summary>Weight of the margin term, <c>beta_mapo</c>. The default value is 0.1 (the paper's).</summary>
    public double Beta { get; init; } = 0.1;

    /// <summary>Gamma in <c>s(L) = gamma L / (exp(gamma L) - 1)</c>. The default value is 0.5.</summary>
    public double Gamma { get; init; } = 0.5;

    /// <summary>
    /// Scale T of the log odds inside the logistic. The default value is 1000, the paper's (its scheduler's
    /// timestep count); token NLL gaps are larger than diffusion MSE gaps, so smaller values are worth trying.
    /// </summary>
    public double MarginScale { get; init; } = 1000.0;

    public void Validate(string objective)
    {
        Valid.NonNegative(Beta, "beta", objective);
        Valid.Positive(Gamma, "mapo gamma", objective);
        Valid.Positive(MarginScale, "mapo margin scale", objective);
    }
}

/// <summary>
/// MaPO adapted to language models: SFT on the chosen response plus a reference-free margin on per-token NLLs.
/// Hong et al. 2024, "Margin-aware Preference Optimization for Aligning Diffusion Models without Reference",
/// https://arxiv.org/abs/2406.06424.
/// </summary>
/// <remarks>
/// The paper's per-sample denoising MSE <c>L</c> becomes each response's mean token NLL. With
/// <c>s(L) = gamma L / (exp(gamma L) - 1)</c> (decreasing, s(0) = 1), the loss is
/// <c>L_w - beta * logsig(T (s(L_w) - s(L_l)))</c> per pair, as the official <c>compute_loss</c> before its batch
/// mean. Rewards are <c>beta</c> times mean token log-probs.
/// </remarks>
public sealed class MapoObjective(MapoOptions options) : IPreferenceObjective
{
    public const string Name = "mapo";

    private readonly MapoOptions _options = Valid.Options(options, Name);

    public ObjectiveInfo Info { get; } = new(Name,
        "MaPO margin-aware reference-free loss on token NLLs (Hong et al. 2024)", ObjectiveNeeds.CompletionLengths);

    public ObjectiveOutput Compute(PreferenceLogProbs logProbs, ObjectiveState state)
    {
        Pairs.CheckShapes(logProbs);
        var chosen = logProbs.PolicyChosen / logProbs.ChosenLengthsFor(Name).clamp_min(1.0);
        var rejected = logProbs.PolicyRejected / logProbs.RejectedLengthsFor(Name).clamp_min(1.0);
        var logOdds = Score(-chosen) - Score(-rejected);
        var ratio = nn.functional.logsigmoid(_options.MarginScale * logOdds);
        var output = Pairs.Output(-chosen - _options.Beta * ratio, _options.Beta, chosen, rejected, state);
        return output with { Metrics = new Dictionary<string, Tensor> { ["nll_loss"] = (-chosen).mean().detach() } };
    }

    /// <summary><c>s(L) = gamma L / expm1(gamma L)</c>, with L kept off 0 where the ratio is 0/0 (limit 1).</summary>
    private Tensor Score(Tensor nll)
    {
        var x = _options.Gamma * nll.clamp_min(1e-12);
        return x / x.expm1();
    }
}
