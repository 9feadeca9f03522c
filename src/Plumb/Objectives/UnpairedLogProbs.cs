using static TorchSharp.torch;

namespace Plumb.Objectives;

/// <summary>
/// Log-probs for unpaired objectives (KTO, BCO): one completion per row, labelled desirable or not.
/// </summary>
public sealed record UnpairedLogProbs
{
    /// <summary>Policy log-prob of each completion, summed over its tokens, [N].</summary>
    public required Tensor Policy { get; init; }

    /// <summary>Reference log-prob of each completion, [N].</summary>
    public required Tensor Reference { get; init; }

    /// <summary>True where the completion is desirable (TRL's <c>label</c> column), [N] bool.</summary>
    public required Tensor IsDesirable { get; init; }

    /// <summary>KTO: policy log-prob of mismatched (prompt, completion) pairs for the KL estimate, [N].</summary>
    /// <remarks>TRL pairs prompt i with completion i-1 (completions cycled by one within the batch).</remarks>
    public Tensor? PolicyMismatched { get; init; }

    /// <summary>KTO: reference log-prob of the same mismatched pairs, [N].</summary>
    public Tensor? ReferenceMismatched { get; init; }

    /// <summary>BCO with UDM: a prompt classifier's P(desirable | x) for each row, [N].</summary>
    public Tensor? DesirableProbability { get; init; }
}
