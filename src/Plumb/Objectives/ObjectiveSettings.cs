namespace Plumb.Objectives;

/// <summary>
/// The run-level knobs (TRL's config fields) that the registry maps onto each objective's own options.
/// </summary>
/// <remarks>
/// A null value keeps each objective's documented default, so <c>simpo</c> keeps beta 2.0 while <c>sigmoid</c>
/// keeps 0.1 unless <see cref="Beta"/> is set. A value that no chosen objective reads is an error, never ignored.
/// </remarks>
public sealed record ObjectiveSettings
{
    /// <summary>Every objective's defaults.</summary>
    public static ObjectiveSettings Default { get; } = new();

    /// <summary>TRL's <c>beta</c>.</summary>
    public double? Beta { get; init; }

    /// <summary>TRL's <c>label_smoothing</c> (cDPO, rDPO, EXO, AOT, SimPO, CPO).</summary>
    public double? LabelSmoothing { get; init; }

    /// <summary>TRL's <c>f_divergence_type</c>, with alpha in the paper's convention.</summary>
    public FDivergence? Divergence { get; init; }

    /// <summary>TRL's <c>discopop_tau</c>.</summary>
    public double? DiscopopTau { get; init; }

    /// <summary>TRL's <c>simpo_gamma</c>.</summary>
    public double? SimpoGamma { get; init; }

    /// <summary>TRL's <c>cpo_alpha</c>.</summary>
    public double? CpoAlpha { get; init; }

    /// <summary>RPO's eta (Liu et al.).</summary>
    public double? RpoEta { get; init; }

    /// <summary>VPO's alpha.</summary>
    public double? VpoAlpha { get; init; }

    /// <summary>VPO's sign: offline (pessimistic) or online (optimistic).</summary>
    public VpoMode? VpoMode { get; init; }

    /// <summary>Whether IPO divides log-ratios by completion length.</summary>
    public bool? IpoLengthNormalized { get; init; }

    /// <summary>TRL's KTO <c>desirable_weight</c>.</summary>
    public double? DesirableWeight { get; init; }

    /// <summary>TRL's KTO <c>undesirable_weight</c>.</summary>
    public double? UndesirableWeight { get; init; }

    /// <summary>TRL's <c>use_weighting</c>: WPO on every paired objective. The default value is false.</summary>
    public bool UseWeighting { get; init; }

    /// <summary>TRL's <c>ld_alpha</c>: LD-DPO on every paired objective but <c>sft</c>; null disables it.</summary>
    public double? LdAlpha { get; init; }

    /// <summary>Which log-probs LD-DPO rescales. The default value is policy and reference.</summary>
    public LdScope LdScope { get; init; } = LdScope.PolicyAndReference;
}
