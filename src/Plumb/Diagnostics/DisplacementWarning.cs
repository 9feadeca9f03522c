namespace Plumb.Diagnostics;

/// <summary>A plain-words warning that likelihood displacement is under way, with the numbers behind it.</summary>
/// <remarks>SuspectPairs are the probe pairs with the largest CHES, largest first; empty without scores.</remarks>
public sealed record DisplacementWarning(
    int Step,
    string Message,
    DisplacementSummary Summary,
    IReadOnlyList<int> SuspectPairs);
