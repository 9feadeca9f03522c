using static TorchSharp.torch;

namespace Plumb.Training.Reference;

/// <summary>Reference log-probs of a batch of pairs, without gradient.</summary>
/// <param name="Chosen">Summed log-prob of each chosen completion, [B].</param>
/// <param name="Rejected">Summed log-prob of each rejected completion, [B].</param>
/// <param name="ChosenTokens">Per-token log-probs [B, T - 1], or null when not asked for or not available.</param>
/// <param name="RejectedTokens">Per-token log-probs [B, T - 1], or null.</param>
public sealed record ReferencePair(Tensor Chosen, Tensor Rejected, Tensor? ChosenTokens, Tensor? RejectedTokens);
