namespace Plumb.Performance;

/// <summary>The step kinds the benchmark times.</summary>
public static class BenchCases
{
    /// <summary>SFT: policy forward and backward on the chosen rows, AdamW step.</summary>
    public const string Sft = "sft";

    /// <summary>DPO with a live frozen reference model (a second copy of the weights).</summary>
    public const string DpoLive = "dpo-live";

    /// <summary>DPO with reference log-probs precomputed (no reference forward).</summary>
    public const string DpoPrecomputed = "dpo-precomputed";

    /// <summary>DPO with a live reference and per-block activation checkpointing.</summary>
    public const string DpoCheckpointed = "dpo-live-ckpt";

    /// <summary>DPO on LoRA adapters; the reference is the same model with adapters off.</summary>
    public const string DpoLora = "dpo-lora";

    /// <summary>DPO on LoRA adapters with per-block activation checkpointing.</summary>
    public const string DpoLoraCheckpointed = "dpo-lora-ckpt";

    /// <summary>Forward-only scoring of chosen and rejected rows under no_grad.</summary>
    public const string Score = "score";

    /// <summary>Scoring that keeps hidden states, then CHES per pair.</summary>
    public const string Ches = "ches";

    /// <summary>Every case, in the order they run.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Sft, DpoLive, DpoPrecomputed, DpoCheckpointed, DpoLora, DpoLoraCheckpointed, Score, Ches];

    /// <summary>Whether the case runs a backward pass and an optimizer step.</summary>
    public static bool Trains(string name) => name is not (Score or Ches);

    /// <summary>Returns the name if known, or throws naming the choices.</summary>
    public static string Parse(string name) => All.Contains(name)
        ? name
        : throw new PlumbException($"Unknown bench case '{name}'; use any of {string.Join(", ", All)}.");
}
