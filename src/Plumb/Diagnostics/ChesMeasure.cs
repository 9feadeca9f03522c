namespace Plumb.Diagnostics;

/// <summary>Which similarity score a <see cref="ChesFilter"/> ranks pairs by.</summary>
public enum ChesMeasure
{
    /// <summary>Length-normalised CHES, the measure Razin et al. filter by.</summary>
    LengthNormalisedChes,

    /// <summary>Unnormalised CHES.</summary>
    Ches,
}
