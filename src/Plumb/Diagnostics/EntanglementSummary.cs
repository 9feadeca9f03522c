namespace Plumb.Diagnostics;

/// <summary>Gradient entanglement over sampled pairs: the share that fails the condition, and mean statistics.
/// </summary>
public sealed record EntanglementSummary(
    int Pairs,
    double EntangledShare,
    double ChosenFallsShare,
    double MeanInnerProduct,
    double MeanCosine,
    double MeanConditionRatio);
