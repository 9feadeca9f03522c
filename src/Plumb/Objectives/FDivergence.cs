using static TorchSharp.torch;

namespace Plumb.Objectives;

/// <summary>
/// The f-DPO score that replaces a log-ratio <c>t = log(pi/pi_ref)</c> in margin losses.
/// Wang et al. 2024, "Beyond Reverse KL", https://arxiv.org/abs/2309.16240.
/// </summary>
/// <remarks>
/// Scores are <c>f'(u)</c> at <c>u = exp(t)</c>, constants dropped: reverse KL <c>t</c>; forward KL
/// <c>-exp(-t)</c>; JS <c>logsig(t)</c>; alpha <c>(1 - exp(-alpha t))/alpha</c>. <see cref="Alpha"/> follows the
/// paper (alpha to 0 is reverse KL, alpha = 1 is forward KL). TRL 0.29 and later spell it the other way round:
/// its <c>f_alpha_divergence_coef</c> is <c>1 - alpha</c>; use <see cref="FromTrlCoefficient"/> for TRL configs.
/// TRL 0.28 and earlier used the paper's convention (<see cref="FromLegacyTrlCoefficient"/>). Exponents are
/// clamped at 80, as TRL does, so float32 stays finite.
/// </remarks>
/// <param name="Kind">Which divergence.</param>
/// <param name="Alpha">Paper-convention alpha, in (0, 1]; used by the alpha divergence only. Default 0.5.</param>
public sealed record FDivergence(FDivergenceKind Kind, double Alpha = 0.5)
{
    private const double MaxExponent = 80.0;

    /// <summary>Standard DPO.</summary>
    public static FDivergence ReverseKl { get; } = new(FDivergenceKind.ReverseKl);

    /// <summary>The alpha divergence from TRL 0.29+'s <c>f_alpha_divergence_coef</c> (alpha = 1 - coef).</summary>
    public static FDivergence FromTrlCoefficient(double coefficient) =>
        new(FDivergenceKind.AlphaDivergence, 1.0 - coefficient);

    /// <summary>The alpha divergence from TRL 0.28's <c>alpha_divergence_coef</c> (the paper's alpha).</summary>
    public static FDivergence FromLegacyTrlCoefficient(double coefficient) =>
        new(FDivergenceKind.AlphaDivergence, coefficient);

    /// <summary>
    /// From TRL 0.29+'s config fields: <c>f_divergence_type</c> and <c>f_alpha_divergence_coef</c> (default 0.5),
    /// converting the coefficient to the paper's alpha.
    /// </summary>
    public static FDivergence FromTrl(string type, double coefficient = 0.5)
    {
        var kind = ParseKind(type);
        return kind == FDivergenceKind.AlphaDivergence ? FromTrlCoefficient(coefficient) : new FDivergence(kind);
    }

    /// <summary>Parses TRL's <c>f_divergence_type</c> spelling.</summary>
    public static FDivergenceKind ParseKind(string name) => name switch
    {
        "reverse_kl" => FDivergenceKind.ReverseKl,
        "forward_kl" => FDivergenceKind.ForwardKl,
        "js_divergence" => FDivergenceKind.JsDivergence,
        "alpha_divergence" => FDivergenceKind.AlphaDivergence,
        _ => throw new PlumbException(
            $"Unknown f-divergence '{name}'; use reverse_kl, forward_kl, js_divergence or alpha_divergence."),
    };

    /// <summary>Throws if alpha is outside (0, 1] for the alpha divergence.</summary>
    public void Validate()
    {
        if (Kind == FDivergenceKind.AlphaDivergence && !(Alpha > 0.0 && Alpha <= 1.0))
            throw new PlumbException(
                $"The alpha divergence needs alpha in (0, 1] (paper convention); got {Alpha}. "
                + "For a TRL 0.29+ f_alpha_divergence_coef c, pass alpha = 1 - c.");
    }

    /// <summary>The score of each log-ratio, elementwise.</summary>
    public Tensor Score(Tensor logRatio) => Kind switch
    {
        FDivergenceKind.ReverseKl => logRatio,
        FDivergenceKind.ForwardKl => -(-logRatio).clamp_max(MaxExponent).exp(),
        FDivergenceKind.JsDivergence => nn.functional.logsigmoid(logRatio),
        _ => (1.0 - (-Alpha * logRatio).clamp_max(MaxExponent).exp()) / Alpha,
    };
}
