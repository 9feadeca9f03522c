namespace Plumb.Diagnostics;

/// <summary>One pair a <see cref="ChesFilter"/> removed, with its score and the reason in plain words.</summary>
public sealed record RemovedPair(int Index, double Score, string Reason);

/// <summary>The outcome of a <see cref="ChesFilter"/>: kept pair indices in order, and every removed pair.</summary>
public sealed record ChesFilterResult(IReadOnlyList<int> Kept, IReadOnlyList<RemovedPair> Removed);
