using Plumb.Models;

namespace Plumb.Performance;

/// <summary>Matmul FLOPs of a model pass, the numerator of model FLOPs utilisation (MFU).</summary>
/// <remarks>
/// Forward FLOPs = 2 N_blocks tokens + 2 d V completionTokens + 4 L d T tokens: the block matmuls, the LM head
/// (Plumb projects only positions that predict completion tokens), and Q K^T plus the weighted sum of V
/// (counted over the full T x T square, as nanoGPT and PaLM do). A training pass is three forwards' worth
/// (backward costs two), the "6 N" rule. Norms, softmax and the optimizer are not counted.
/// </remarks>
public static class FlopCount
{
    /// <summary>Parameters inside the decoder blocks (excluding embeddings and head).</summary>
    public static long BlockParameters(ModelConfig c)
    {
        long d = c.HiddenSize, kv = (long)c.NumKeyValueHeads * c.HeadDim, i = c.IntermediateSize;
        long attention = c.IsGpt2 ? 4 * d * d + 4 * d : 2 * d * d + 2 * d * kv;
        long mlp = c.IsGpt2 ? 2 * d * i + i + d : 3 * d * i;
        long norms = c.IsGpt2 ? 4 * d : 2 * d;
        return c.NumLayers * (attention + mlp + norms);
    }

    /// <summary>Forward FLOPs for <paramref name="rows"/> rows of <paramref name="seq"/> tokens, of which
    /// <paramref name="completionTokens"/> in total go through the LM head.</summary>
    public static double Forward(ModelConfig c, long rows, long seq, long completionTokens)
    {
        double tokens = rows * seq;
        double blocks = 2.0 * BlockParameters(c) * tokens;
        double head = 2.0 * c.HiddenSize * c.VocabSize * completionTokens;
        double attention = 4.0 * c.NumLayers * c.HiddenSize * seq * tokens;
        return blocks + head + attention;
    }
}
