using static TorchSharp.torch;

namespace Plumb.Objectives;

/// <summary>Options for <see cref="OrpoObjective"/>.</summary>
public sealed record OrpoOptions : IObjectiveOptions
{
    /// <summary>Weight lambda of the odds-ratio term (TRL's <c>beta</c>). The default value is 0.1.</summary>
    public double Beta { get; init; } = 0.1;

    /// <summary>How the NLL term is averaged. The default value is TRL's batch token mean.</summary>
    public NllNormalization Normalization { get; init; } = NllNormalization.BatchTokenMean;

    public void Validate(string objective) => Valid.NonNegative(Beta, "beta", objective);
}

/// <summary>
/// ORPO: NLL on the chosen response plus a log odds-ratio penalty, without a reference model.
/// Hong et al. 2024, "ORPO: Monolithic Preference Optimization without Reference Model",
/// https://arxiv.org/abs/2403.07691.
/// </summary>
/// <remarks>
/// With mean token log-probs <c>m</c>, <c>log odds(y) = m - log(1 - exp(m))</c>; loss
/// <c>NLL(y_w) - lambda * logsig(log odds(y_w) - log odds(y_l))</c>. Rewards are <c>lambda * m</c>; metrics
/// <c>nll_loss</c>, <c>log_odds_ratio</c> (mean logsig term) and <c>log_odds_chosen</c> (mean log odds ratio),
/// as TRL names them.
/// </remarks>
public sealed class OrpoObjective(OrpoOptions options) : IPreferenceObjective
{
    public const string Name = "orpo";

    private readonly OrpoOptions _options = Valid.Options(options, Name);

    public ObjectiveInfo Info { get; } = new(Name,
        "ORPO odds-ratio loss plus chosen NLL, reference-free (Hong et al. 2024)", ObjectiveNeeds.CompletionLengths);

    public ObjectiveOutput Compute(PreferenceLogProbs logProbs, ObjectiveState state)
    {
        Pairs.CheckShapes(logProbs);
        var chosenLengths = logProbs.ChosenLengthsFor(Name);
        var chosen = logProbs.PolicyChosen / chosenLengths.clamp_min(1.0);
        var rejected = logProbs.PolicyRejected / logProbs.RejectedLengthsFor(Name).clamp_min(1.0);
        var logOdds = (chosen - rejected) - (Log1mExp(chosen) - Log1mExp(rejected));
        var ratio = nn.functional.logsigmoid(logOdds);
        var nll = Nll.PerExample(logProbs.PolicyChosen, () => chosenLengths, _options.Normalization);
        var output = Pairs.Output(nll - _options.Beta * ratio, _options.Beta, chosen, rejected, state);
        return output with
        {
            Metrics = new Dictionary<string, Tensor>
            {
                ["nll_loss"] = nll.mean().detach(),
                ["log_odds_ratio"] = ratio.mean().detach(),
                ["log_odds_chosen"] = logOdds.mean().detach(),
            },
        };
    }

    /// <summary>Stable <c>log(1 - exp(x))</c> for x below 0 (clamped just below 0 so it stays finite).</summary>
    internal static Tensor Log1mExp(Tensor x)
    {
        var safe = x.clamp_max(-1e-12);
        return where(safe > -Math.Log(2.0), (-safe.expm1()).log(), (-safe.exp()).log1p());
    }
}
