namespace Plumb.Diagnostics;

/// <summary>Summed completion log-probs of one pair's chosen and rejected responses, and their lengths.</summary>
public sealed record PairLogProbs(string Id, double Chosen, double Rejected, int ChosenLength, int RejectedLength);
