namespace Plumb.Diagnostics;

/// <summary>The CHES scores of one dataset pair, with its response lengths in tokens.</summary>
public sealed record PairChes(string Id, PairSimilarity Similarity, int ChosenLength, int RejectedLength);
