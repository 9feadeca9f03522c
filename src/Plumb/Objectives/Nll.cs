using static TorchSharp.torch;

namespace Plumb.Objectives;

/// <summary>How a negative log-likelihood term is averaged over tokens.</summary>
public enum NllNormalization
{
    /// <summary>TRL's form: total NLL over all chosen tokens in the batch divided by their count.</summary>
    BatchTokenMean,

    /// <summary>OpenRLHF's form: each sequence's mean token NLL, then the mean over sequences.</summary>
    SequenceMean,

    /// <summary>The summed NLL of each sequence (no length normalisation).</summary>
    Sum,
}

/// <summary>Per-example NLL terms whose batch mean equals the chosen normalisation's value.</summary>
internal static class Nll
{
    /// <summary>
    /// Per-example NLL of summed log-probs. For the batch token mean, example i carries
    /// <c>-logp_i * B / sum_j len_j</c>, so the mean over the batch is TRL's token-mean cross-entropy exactly.
    /// </summary>
    public static Tensor PerExample(Tensor summedLogProbs, Func<Tensor> lengths, NllNormalization normalization)
    {
        return normalization switch
        {
            NllNormalization.Sum => -summedLogProbs,
            NllNormalization.SequenceMean => -summedLogProbs / lengths().clamp_min(1.0),
            _ => -summedLogProbs * summedLogProbs.shape[0] / lengths().sum().clamp_min(1.0),
        };
    }
}
