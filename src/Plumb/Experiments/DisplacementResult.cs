namespace Plumb.Experiments;

/// <summary>What <see cref="DisplacementExperiment"/> measured; written as JSON by the CLI.</summary>
public sealed record DisplacementResult
{
    public required int Seed { get; init; }
    public required int VocabSize { get; init; }
    public required long Parameters { get; init; }
    public required string Prompt { get; init; }
    public required string Chosen { get; init; }
    public required string Rejected { get; init; }

    /// <summary>Token id of each answer word (each is one token).</summary>
    public required IReadOnlyDictionary<string, int> TokenIds { get; init; }

    /// <summary>Next-token probability of each answer word after the prompt, before DPO.</summary>
    public required IReadOnlyDictionary<string, double> ProbabilitiesBefore { get; init; }

    /// <summary>The same after DPO.</summary>
    public required IReadOnlyDictionary<string, double> ProbabilitiesAfter { get; init; }

    /// <summary>Summed log-prob of the chosen response before and after, scored as a completion.</summary>
    public required double ChosenLogProbBefore { get; init; }
    public required double ChosenLogProbAfter { get; init; }
    public required double RejectedLogProbBefore { get; init; }
    public required double RejectedLogProbAfter { get; init; }

    /// <summary>The tokens whose probability rose most, largest first.</summary>
    public required IReadOnlyList<TokenRise> TopIncreases { get; init; }

    /// <summary>Similarity of candidate pairs before DPO, highest LN-CHES first.</summary>
    public required IReadOnlyList<PairScore> Similarities { get; init; }

    public required double PretrainFinalLoss { get; init; }
    public required double DpoFinalLoss { get; init; }
    public required double WallSeconds { get; init; }
}

/// <summary>A token's next-token probability before and after DPO.</summary>
public sealed record TokenRise(string Token, int Id, double Before, double After);

/// <summary>
/// CHES and LN-CHES of a pair from hidden states (responses end with EOS, as the official code expects), the
/// single-token form <c>&lt;W+, W-&gt; - ||W+||^2</c> over unembedding rows (Razin et al., Sec. 4), and the exact
/// first-order ratio <c>&lt;g+, g-&gt; / |g+|^2</c> of the gradients of the two single-token log-probs over all
/// parameters: above 1, a gradient step on the pair alone lowers the chosen token's probability.
/// </summary>
public sealed record PairScore(
    string Chosen, string Rejected, double Ches, double LengthNormalisedChes, double UnembeddingChes,
    double FirstOrderRatio);
