namespace Plumb.Diagnostics;

/// <summary>How alike the chosen and rejected responses of one pair are; higher predicts more displacement.</summary>
/// <param name="Ches">CHES: &lt;S+, S-&gt; - ||S+||^2 over summed response hidden states.</param>
/// <param name="LengthNormalisedChes">
/// LN-CHES: &lt;S+, S-&gt; / (|y+| |y-|) - ||S+||^2 / |y+|^2.
/// </param>
/// <param name="LastHiddenInnerProduct">Baseline: inner product of the last response state of each side.</param>
/// <param name="MinusNormalisedEditDistance">
/// Baseline: minus the token Levenshtein distance over the longer length; null when no token ids were given.
/// </param>
public sealed record PairSimilarity(
    double Ches,
    double LengthNormalisedChes,
    double LastHiddenInnerProduct,
    double? MinusNormalisedEditDistance);
