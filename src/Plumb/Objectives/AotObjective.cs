using static TorchSharp.torch;

namespace Plumb.Objectives;

/// <summary>Options for <see cref="AotObjective"/>.</summary>
public sealed record AotOptions : MarginOptions
{
    /// <summary>
    /// True for <c>aot_unpaired</c>: sort chosen and rejected log-ratios separately. The default value is false
    /// (<c>aot</c>: sort the policy and reference log-prob differences).
    /// </summary>
    public bool Unpaired { get; init; }

    /// <summary>Label smoothing epsilon in [0, 0.5). The default value is 0.</summary>
    public double LabelSmoothing { get; init; }

    public override void Validate(string objective)
    {
        base.Validate(objective);
        if (Divergence.Kind != FDivergenceKind.ReverseKl)
            throw new PlumbException(
                $"'{objective}' compares sorted log-prob differences and takes no f-divergence; use reverse_kl.");
        if (!(LabelSmoothing >= 0.0 && LabelSmoothing < 0.5))
            throw new PlumbException(
                $"label_smoothing must be in [0, 0.5) for '{objective}'; got {LabelSmoothing}.");
    }
}

/// <summary>
/// Alignment via Optimal Transport: first-order stochastic dominance via sorted (quantile-matched) margins.
/// Melnyk et al. 2024, "Distributional Preference Alignment of LLMs via Optimal Transport",
/// https://arxiv.org/abs/2406.05882.
/// </summary>
/// <remarks>
/// <c>aot</c>: <c>D = sort(pi_w - pi_l) - sort(ref_w - ref_l)</c>; <c>aot_unpaired</c>:
/// <c>D = sort(l_w) - sort(l_l)</c>; loss <c>-(1-eps) logsig(beta D) - eps logsig(-beta D)</c>. Losses are in
/// sorted (quantile) order, not batch order, so per-example losses do not line up with input rows; rewards do.
/// </remarks>
public sealed class AotObjective(AotOptions options) : IPreferenceObjective
{
    public const string PairedName = "aot";
    public const string UnpairedName = "aot_unpaired";

    private readonly AotOptions _options = Valid.Options(options, options.Unpaired ? UnpairedName : PairedName);

    public ObjectiveInfo Info { get; } = options.Unpaired
        ? new(UnpairedName, "AOT for unpaired data, sorted log-ratios (Melnyk et al. 2024)",
            ObjectiveNeeds.ReferenceModel)
        : new(PairedName, "AOT paired, sorted margins (Melnyk et al. 2024)", ObjectiveNeeds.ReferenceModel);

    public ObjectiveOutput Compute(PreferenceLogProbs logProbs, ObjectiveState state)
    {
        var terms = Pairs.Terms(logProbs, FDivergence.ReverseKl, Info.Name);
        var (refChosen, refRejected) = logProbs.ReferenceFor(Info.Name);
        var delta = _options.Unpaired
            ? Sorted(terms.ChosenRatio) - Sorted(terms.RejectedRatio)
            : Sorted(logProbs.PolicyChosen - logProbs.PolicyRejected) - Sorted(refChosen - refRejected);
        var losses = Pairs.SmoothedLogistic(_options.Beta * delta, _options.LabelSmoothing);
        return Pairs.Output(losses, _options.Beta, terms, state);
    }

    private static Tensor Sorted(Tensor values) => values.sort(0).Values;
}
