namespace Plumb.Training.Reference;

/// <summary>One pair's reference log-probs, as a line of a <c>plumb score</c> file.</summary>
/// <param name="Id">The example id the data layer gave the pair.</param>
/// <param name="Chosen">Summed log-prob of the chosen completion.</param>
/// <param name="Rejected">Summed log-prob of the rejected completion.</param>
/// <param name="ChosenTokens">Completion tokens of the chosen response.</param>
/// <param name="RejectedTokens">Completion tokens of the rejected response.</param>
public sealed record ReferenceScore(string Id, double Chosen, double Rejected, int ChosenTokens, int RejectedTokens);
