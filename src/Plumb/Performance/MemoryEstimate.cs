using Plumb.Models;

namespace Plumb.Performance;

/// <summary>An analytic estimate of a full fine-tuning DPO step's memory, all fp32.</summary>
/// <remarks>
/// Weights + gradients + AdamW's two moments + the reference's weights = 20 bytes per parameter, plus one
/// step's saved activations: per layer and token about (17 d) floats for GPT-2 or (11 d + 4 I) for Llama
/// (norm outputs, q/k/v, rotated q/k, attention output, projections, residuals, MLP intermediates), plus
/// 3 V floats per completion position for the logits, their log-softmax normaliser and its gradient.
/// The fused attention kernel keeps no [T, T] scores (only a log-sum-exp per head and position).
/// </remarks>
public static class MemoryEstimate
{
    /// <summary>Bytes for weights, gradients, AdamW state and a reference copy: 20 per parameter.</summary>
    public static long States(long parameters) => 20 * parameters;

    /// <summary>Bytes of saved activations for one training forward over <paramref name="rows"/> x
    /// <paramref name="seq"/> tokens with <paramref name="completionTokens"/> head positions.</summary>
    public static long Activations(ModelConfig c, long rows, long seq, long completionTokens)
    {
        long d = c.HiddenSize;
        long perTokenLayer = c.IsGpt2 ? 17 * d : 11 * d + 4L * c.IntermediateSize;
        long blocks = rows * seq * c.NumLayers * (perTokenLayer + c.NumHeads);
        long head = 3L * c.VocabSize * completionTokens;
        return 4 * (blocks + head);
    }

    /// <summary>States plus activations for full DPO with a live reference.</summary>
    public static long FullDpo(ModelConfig c, long parameters, long rows, long seq, long completionTokens) =>
        States(parameters) + Activations(c, rows, seq, completionTokens);
}
