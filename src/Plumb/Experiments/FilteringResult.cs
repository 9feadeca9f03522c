namespace Plumb.Experiments;

/// <summary>What <see cref="FilteringExperiment"/> measured; written as JSON by the CLI.</summary>
public sealed record FilteringResult
{
    public required int Seed { get; init; }
    public required int TrainPairs { get; init; }
    public required int HeldOutPairs { get; init; }
    public required double KeepFraction { get; init; }

    /// <summary>Percentile the kept window was centred on (0: lowest LN-CHES).</summary>
    public required double Quantile { get; init; }

    /// <summary>Whether dissimilar pairs came from uncertain statements (rejected reply still likely).</summary>
    public required bool LikelyDissimilar { get; init; }

    /// <summary>Kept pairs, and how many of them are the dissimilar kind.</summary>
    public required int KeptPairs { get; init; }
    public required int KeptDissimilar { get; init; }

    /// <summary>Mean LN-CHES of the similar and of the dissimilar training pairs, before DPO.</summary>
    public required double MeanLnChesSimilar { get; init; }
    public required double MeanLnChesDissimilar { get; init; }

    /// <summary>DPO on every training pair.</summary>
    public required FilteringRun All { get; init; }

    /// <summary>DPO on the pairs the CHES filter kept, same steps and seed.</summary>
    public required FilteringRun Filtered { get; init; }

    /// <summary>DPO on the kept pairs for as many epochs as the run on all pairs (fewer steps).</summary>
    public required FilteringRun FilteredSameEpochs { get; init; }

    public required double WallSeconds { get; init; }
}

/// <summary>Mean changes in chosen (and rejected) summed log-probs over one DPO run.</summary>
/// <param name="PairsTrained">Pairs the run trained on.</param>
/// <param name="TrainChosenChange">Over every training pair, kept or not (as the paper's Table 16).</param>
/// <param name="TrainRejectedChange">Mean rejected change over every training pair.</param>
/// <param name="TrainSimilarChosenChange">Over the similar training pairs only.</param>
/// <param name="TrainDissimilarChosenChange">Over the dissimilar training pairs only.</param>
/// <param name="HeldOutChosenChange">Over held-out pairs built the same way from statements not trained on.
/// </param>
/// <param name="HeldOutRejectedChange">Mean rejected change over the held-out pairs.</param>
/// <param name="FinalLoss">The DPO loss of the last logging interval.</param>
public sealed record FilteringRun(
    int PairsTrained,
    double TrainChosenChange,
    double TrainRejectedChange,
    double TrainSimilarChosenChange,
    double TrainDissimilarChosenChange,
    double HeldOutChosenChange,
    double HeldOutRejectedChange,
    double FinalLoss)
{
    /// <summary>Optimizer steps the run took.</summary>
    public int Steps { get; init; }

    /// <summary>Mean change in log-prob of the chosen reply's near-synonym ("Never, I would not." for
    /// "No, I would not."), over every training pair: where displaced mass can go.</summary>
    public double TrainSynonymChange { get; init; }
}
