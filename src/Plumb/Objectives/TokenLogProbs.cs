using static TorchSharp.torch;

namespace Plumb.Objectives;

/// <summary>
/// Per-token log-probs of the chosen and rejected completions with their completion masks, [B, T].
/// </summary>
/// <remarks>
/// A mask is 1 on completion tokens and 0 on prompt and padding. LD-DPO splits each row at the shorter completion's
/// length; WPO also needs <c>log sum_v p(v)^2</c> at each position (see <see cref="WpoWeighting.LogSquareMass"/>).
/// </remarks>
public sealed record TokenLogProbs
{
    public required Tensor PolicyChosen { get; init; }

    public required Tensor PolicyRejected { get; init; }

    public Tensor? ReferenceChosen { get; init; }

    public Tensor? ReferenceRejected { get; init; }

    /// <summary>1 on chosen completion tokens, 0 elsewhere, [B, T].</summary>
    public required Tensor ChosenMask { get; init; }

    /// <summary>1 on rejected completion tokens, 0 elsewhere, [B, T'].</summary>
    public required Tensor RejectedMask { get; init; }

    /// <summary>WPO: the policy's <c>log sum_v p(v)^2</c> at each chosen position, [B, T].</summary>
    public Tensor? ChosenLogSquareMass { get; init; }

    /// <summary>WPO: the policy's <c>log sum_v p(v)^2</c> at each rejected position, [B, T'].</summary>
    public Tensor? RejectedLogSquareMass { get; init; }
}
