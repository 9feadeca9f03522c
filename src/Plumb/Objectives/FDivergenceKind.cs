namespace Plumb.Objectives;

/// <summary>The divergence that f-DPO regularises with; TRL's <c>f_divergence_type</c> values.</summary>
public enum FDivergenceKind
{
    /// <summary><c>reverse_kl</c>: standard DPO.</summary>
    ReverseKl,

    /// <summary><c>forward_kl</c>.</summary>
    ForwardKl,

    /// <summary><c>js_divergence</c>: Jensen-Shannon.</summary>
    JsDivergence,

    /// <summary><c>alpha_divergence</c>.</summary>
    AlphaDivergence,
}
