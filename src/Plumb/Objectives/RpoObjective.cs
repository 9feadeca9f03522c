using static TorchSharp.torch;

namespace Plumb.Objectives;

/// <summary>Options for <see cref="RpoObjective"/>.</summary>
public sealed record RpoOptions : MarginOptions
{
    /// <summary>Weight eta of the SFT term. The default value is 0.005 (the paper's Zephyr recipe).</summary>
    public double Eta { get; init; } = 0.005;

    /// <summary>
    /// <see cref="NllNormalization.Sum"/> (the default): the main paper's <c>-eta * beta * log pi(y_w)</c>.
    /// <see cref="NllNormalization.SequenceMean"/>: App. F's averaged form <c>eta * mean-token NLL</c>, without
    /// beta, as OpenRLHF's <c>nll_loss_coef</c>.
    /// </summary>
    public NllNormalization Normalization { get; init; } = NllNormalization.Sum;

    public override void Validate(string objective)
    {
        base.Validate(objective);
        Valid.NonNegative(Eta, "rpo eta", objective);
        if (Normalization == NllNormalization.BatchTokenMean)
            throw new PlumbException(
                $"'{objective}' takes Sum or SequenceMean; TRL's token-mean form is the objectives 'sigmoid,sft'.");
    }
}

/// <summary>
/// Regularized Preference Optimization: DPO plus an SFT term on the chosen response against overoptimization.
/// Liu et al. 2024, "Provably Mitigating Overoptimization in RLHF", https://arxiv.org/abs/2405.16436.
/// </summary>
/// <remarks>
/// As the official code defines it: <c>-logsig(beta h) - eta * beta * log pi(y_w)</c> with the summed chosen
/// log-prob (paper recipe: beta 0.01, eta 0.005). TRL's <c>rpo_alpha</c> and <c>sigmoid,sft</c> are a different
/// method (Pang et al.'s token-mean NLL without beta) and differ by a factor of <c>beta * |y_w|</c>.
/// </remarks>
public sealed class RpoObjective(RpoOptions options) : IPreferenceObjective
{
    public const string Name = "rpo";

    private readonly RpoOptions _options = Valid.Options(options, Name);

    public ObjectiveInfo Info { get; } = new(Name,
        "RPO: DPO plus beta-scaled SFT on the chosen response (Liu et al. 2024)", ObjectiveNeeds.ReferenceModel);

    public ObjectiveOutput Compute(PreferenceLogProbs logProbs, ObjectiveState state)
    {
        var terms = Pairs.Terms(logProbs, _options.Divergence, Name);
        double beta = _options.Beta;
        var dpo = -nn.functional.logsigmoid(beta * terms.Margin);
        var nll = _options.Normalization == NllNormalization.Sum
            ? -beta * logProbs.PolicyChosen
            : Nll.PerExample(logProbs.PolicyChosen, () => logProbs.ChosenLengthsFor(Name), _options.Normalization);
        var output = Pairs.Output(dpo + _options.Eta * nll, beta, terms, state);
        return output with { Metrics = new Dictionary<string, Tensor> { ["nll_loss"] = nll.mean().detach() } };
    }
}
