using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Objectives;

/// <summary>
/// The log-probabilities a paired objective reads: summed completion log-probs per pair, plus what some need.
/// </summary>
/// <remarks>
/// Every [B] tensor holds one value per pair. Summed log-probs cover completion tokens only (prompt and padding
/// masked), as TRL, OpenRLHF and torchtune compute them.
/// </remarks>
public sealed record PreferenceLogProbs
{
    /// <summary>Policy log-prob of each chosen completion, summed over its tokens, [B].</summary>
    public required Tensor PolicyChosen { get; init; }

    /// <summary>Policy log-prob of each rejected completion, summed over its tokens, [B].</summary>
    public required Tensor PolicyRejected { get; init; }

    /// <summary>Reference log-prob of each chosen completion, [B]; null for reference-free training.</summary>
    public Tensor? ReferenceChosen { get; init; }

    /// <summary>Reference log-prob of each rejected completion, [B]; null for reference-free training.</summary>
    public Tensor? ReferenceRejected { get; init; }

    /// <summary>Completion token count of each chosen response, [B]; derived from the masks when absent.</summary>
    public Tensor? ChosenLengths { get; init; }

    /// <summary>Completion token count of each rejected response, [B]; derived from the masks when absent.</summary>
    public Tensor? RejectedLengths { get; init; }

    /// <summary>Per-token values, for LD-DPO and WPO.</summary>
    public TokenLogProbs? Tokens { get; init; }

    /// <summary>VPO only: policy log-prob of a sample from the calibration policy for each prompt, [B].</summary>
    public Tensor? PolicyCalibration { get; init; }

    /// <summary>Whether both reference tensors are present.</summary>
    public bool HasReference => ReferenceChosen is not null && ReferenceRejected is not null;

    /// <summary>Chosen completion lengths, from <see cref="ChosenLengths"/> or the chosen mask.</summary>
    public Tensor ChosenLengthsFor(string objective) =>
        ChosenLengths ?? Tokens?.ChosenMask.sum(1).to(PolicyChosen.dtype) ?? throw MissingLengths(objective);

    /// <summary>Rejected completion lengths, from <see cref="RejectedLengths"/> or the rejected mask.</summary>
    public Tensor RejectedLengthsFor(string objective) =>
        RejectedLengths ?? Tokens?.RejectedMask.sum(1).to(PolicyChosen.dtype) ?? throw MissingLengths(objective);

    /// <summary>The reference tensors, or an error that names the objective and the remedy.</summary>
    public (Tensor Chosen, Tensor Rejected) ReferenceFor(string objective)
    {
        if (ReferenceChosen is null || ReferenceRejected is null)
            throw new PlumbException(
                $"Objective '{objective}' needs reference log-probs, but none were given. Load a reference model "
                + "(or precompute its log-probs), or choose a reference-free objective such as 'simpo', 'cpo' or "
                + "'orpo'.");
        return (ReferenceChosen, ReferenceRejected);
    }

    private static PlumbException MissingLengths(string objective) => new(
        $"Objective '{objective}' needs completion token counts (ChosenLengths/RejectedLengths or token masks), "
        + "but none were given; pass the completion lengths with the batch.");
}
