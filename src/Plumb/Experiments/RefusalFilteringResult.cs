namespace Plumb.Experiments;

/// <summary>What <see cref="RefusalFilteringExperiment"/> measured; written as JSON by the CLI.</summary>
public sealed record RefusalFilteringResult
{
    public required int Seed { get; init; }
    public required int TrainPairs { get; init; }
    public required int HeldOutPairs { get; init; }

    /// <summary>What the similar pairs' rejected replies are.</summary>
    public required SimilarPairKind SimilarKind { get; init; }

    /// <summary>Similar training pairs, and (for two refusals) how many of them reject the likelier refusal.</summary>
    public required int SimilarPairs { get; init; }
    public required int SimilarRejectingLikelier { get; init; }

    public required double KeepFraction { get; init; }
    public required double Quantile { get; init; }

    /// <summary>Kept pairs, and how many of them are refusal over compliance.</summary>
    public required int KeptPairs { get; init; }
    public required int KeptDissimilar { get; init; }

    /// <summary>Each training pair as "chosen > rejected" with its LN-CHES, in ascending LN-CHES; kept ones
    /// first.</summary>
    public required IReadOnlyList<string> RankedPairs { get; init; }

    /// <summary>Share of similar and of dissimilar pairs for which one gradient step on the pair alone lowers its
    /// chosen log-prob to first order (&lt;g_chosen, g_rejected&gt; &gt; |g_chosen|^2), before DPO.</summary>
    public required double FirstOrderFallsSimilar { get; init; }
    public required double FirstOrderFallsDissimilar { get; init; }

    /// <summary>Mean LN-CHES of the two-refusal and of the refusal-over-compliance pairs, before DPO.</summary>
    public required double MeanLnChesSimilar { get; init; }
    public required double MeanLnChesDissimilar { get; init; }

    /// <summary>Mean refusal probability at the first reply token over the training and held-out prompts,
    /// before DPO.</summary>
    public required double RefusalBefore { get; init; }
    public required double HeldOutRefusalBefore { get; init; }

    /// <summary>DPO on every training pair.</summary>
    public required RefusalRun All { get; init; }

    /// <summary>DPO on the kept pairs, same steps and seed.</summary>
    public required RefusalRun Filtered { get; init; }

    /// <summary>DPO on the kept pairs for as many epochs as the run on all pairs (fewer steps).</summary>
    public required RefusalRun FilteredSameEpochs { get; init; }

    /// <summary>The control of the same-epochs run: as many pairs drawn at random (seeded), as many steps; what
    /// training less, without the filter's choice, does.</summary>
    public required RefusalRun RandomSameEpochs { get; init; }

    /// <summary>A check that needs no score: DPO on exactly the refusal-over-compliance pairs, for as many
    /// epochs as the run on all pairs; what a filter that found every dissimilar pair would train on.</summary>
    public required RefusalRun DissimilarOnly { get; init; }

    public required double WallSeconds { get; init; }
}

/// <summary>One DPO run of the refusal design, measured over every training pair and prompt.</summary>
/// <param name="PairsTrained">Pairs the run trained on.</param>
/// <param name="Steps">Optimizer steps the run took.</param>
/// <param name="TrainChosenChange">Mean change in chosen summed log-prob over every training pair, kept or not
/// (the paper's Table 16).</param>
/// <param name="TrainRejectedChange">Mean change in rejected summed log-prob over every training pair.</param>
/// <param name="SimilarChosenChange">Mean chosen change over the two-refusal pairs.</param>
/// <param name="DissimilarChosenChange">Mean chosen change over the refusal-over-compliance pairs.</param>
/// <param name="RefusalAfter">Mean refusal probability at the first reply token over the training prompts.</param>
/// <param name="HeldOutRefusalAfter">The same over the held-out harmful prompts.</param>
/// <param name="FinalLoss">The DPO loss of the last logging interval.</param>
public sealed record RefusalRun(
    int PairsTrained,
    int Steps,
    double TrainChosenChange,
    double TrainRejectedChange,
    double SimilarChosenChange,
    double DissimilarChosenChange,
    double RefusalAfter,
    double HeldOutRefusalAfter,
    double FinalLoss);
