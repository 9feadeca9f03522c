namespace Plumb.Objectives;

/// <summary>
/// Options every reference-based margin loss shares: the KL strength and the f-divergence of the margin.
/// </summary>
public abstract record MarginOptions : IObjectiveOptions
{
    /// <summary>Strength of the implicit KL constraint (beta). The default value is 0.1.</summary>
    public double Beta { get; init; } = 0.1;

    /// <summary>The f-divergence that scores each log-ratio. The default value is reverse KL (standard DPO).</summary>
    public FDivergence Divergence { get; init; } = FDivergence.ReverseKl;

    /// <summary>Throws a <see cref="PlumbException"/> naming the objective when an option is out of range.</summary>
    public virtual void Validate(string objective)
    {
        Valid.Positive(Beta, "beta", objective);
        Divergence.Validate();
    }
}
