namespace Plumb.Objectives;

/// <summary>What an objective needs from the batch beyond summed policy log-probs.</summary>
[Flags]
public enum ObjectiveNeeds
{
    None = 0,

    /// <summary>Reference-model log-probs.</summary>
    ReferenceModel = 1,

    /// <summary>Completion token counts (length normalisation).</summary>
    CompletionLengths = 2,

    /// <summary>Per-token log-probs and masks, [B, T].</summary>
    TokenLogProbs = 4,

    /// <summary>Unpaired rows with a desirable/undesirable label instead of pairs.</summary>
    UnpairedData = 8,

    /// <summary>KTO's mismatched (prompt, completion) pairs for the KL estimate.</summary>
    MismatchedPairs = 16,
}
