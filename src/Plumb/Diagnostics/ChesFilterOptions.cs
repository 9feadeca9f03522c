namespace Plumb.Diagnostics;

/// <summary>How a <see cref="ChesFilter"/> chooses the pairs to keep.</summary>
public sealed record ChesFilterOptions
{
    /// <summary>Share of pairs kept, rounded up to a whole pair.</summary>
    /// <value>The default value is 0.05: Razin et al. (Sec. 6) keep the 5% with the lowest LN-CHES.</value>
    public double KeepFraction { get; init; } = 0.05;

    /// <summary>The score pairs are ranked by.</summary>
    /// <value>The default value is <see cref="ChesMeasure.LengthNormalisedChes"/>.</value>
    public ChesMeasure Measure { get; init; } = ChesMeasure.LengthNormalisedChes;

    /// <summary>Percentile (0 to 1) of the ascending scores that the kept window is centred on.</summary>
    /// <value>The default value is 0: the lowest scores, the pairs least prone to likelihood displacement.</value>
    public double Quantile { get; init; }

    /// <summary>Throws a <see cref="PlumbException"/> that says what to change when an option is out of range.
    /// </summary>
    public void Validate()
    {
        if (!(KeepFraction > 0 && KeepFraction <= 1))
            throw new PlumbException(
                $"CHES filter keep fraction {KeepFraction} is out of range; use a value in (0, 1], e.g. 0.05.");
        if (!(Quantile >= 0 && Quantile <= 1))
            throw new PlumbException(
                $"CHES filter quantile {Quantile} is out of range; use a value in [0, 1] (0 keeps the lowest).");
    }
}
