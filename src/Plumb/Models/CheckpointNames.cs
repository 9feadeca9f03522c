namespace Plumb.Models;

/// <summary>How Hugging Face checkpoint tensor names and layouts map onto a model's state dict.</summary>
internal static class CheckpointNames
{
    /// <summary>The head's name in a checkpoint; with tied embeddings it aliases the embedding.</summary>
    public const string Head = "lm_head.weight";

    /// <summary>A reward model's one-output head, as <c>*ForSequenceClassification</c> names it.</summary>
    public const string Score = "score.weight";

    /// <summary>The token embedding's state-dict name.</summary>
    public static string Embedding(ModelConfig c) => c.IsGpt2 ? "transformer.wte.weight" : "model.embed_tokens.weight";

    /// <summary>
    /// True for GPT-2's Conv1D weights, which Hugging Face stores as [in, out] while nn.Linear holds [out, in].
    /// </summary>
    public static bool IsTransposed(ModelConfig c, string name) =>
        c.IsGpt2 && (name.EndsWith(".c_attn.weight", StringComparison.Ordinal)
            || name.EndsWith(".c_proj.weight", StringComparison.Ordinal)
            || name.EndsWith(".c_fc.weight", StringComparison.Ordinal));

    /// <summary>
    /// Non-parameter buffers that older transformers versions saved (GPT-2's causal mask, Llama's rotary
    /// frequencies); Plumb recomputes them, so they are skipped rather than reported as unexpected.
    /// </summary>
    public static bool IsRecomputedBuffer(ModelConfig c, string name) => c.IsGpt2
        ? name.EndsWith(".attn.bias", StringComparison.Ordinal)
            || name.EndsWith(".attn.masked_bias", StringComparison.Ordinal)
        : name.EndsWith(".rotary_emb.inv_freq", StringComparison.Ordinal);

    /// <summary>
    /// The state-dict name for a checkpoint name. GPT-2 checkpoints saved from GPT2Model lack the
    /// <c>transformer.</c> prefix; Plumb adds it.
    /// </summary>
    public static string ToModelName(ModelConfig c, string name) =>
        c.IsGpt2 && name != Head && name != Score && !name.StartsWith("transformer.", StringComparison.Ordinal)
            ? "transformer." + name
            : name;
}
