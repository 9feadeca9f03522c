namespace Plumb.Diagnostics;

/// <summary>What the probe set looks like under the policy at one step.</summary>
/// <param name="Chosen">Summed chosen log-probs, one per probe pair.</param>
/// <param name="Rejected">Summed rejected log-probs, one per probe pair.</param>
/// <param name="TopK">Top-k entropy and mass on the held-out sequences, or null without any.</param>
/// <param name="FirstTokenProbs">Next-token probabilities [V] at the first response position, averaged over
/// the short-response probe pairs; null when there are none.</param>
public sealed record ProbeSnapshot(double[] Chosen, double[] Rejected, TopKStatistics? TopK,
    double[]? FirstTokenProbs);
