namespace Plumb.Models.Lora;

/// <summary>Low-rank adapter settings, named as PEFT's <c>LoraConfig</c> names them.</summary>
/// <remarks>Hu et al. 2021, arXiv:2106.09685: W x + (alpha / r) B A x, with W frozen.</remarks>
public sealed record LoraOptions
{
    /// <summary>The rank r of each adapter.</summary>
    /// <value>The default value is 8.</value>
    public int Rank { get; init; } = 8;

    /// <summary>The scale numerator: the update is multiplied by Alpha / Rank.</summary>
    /// <value>The default value is 16.</value>
    public double Alpha { get; init; } = 16;

    /// <summary>Dropout applied to an adapter's input (not to the frozen path).</summary>
    /// <value>The default value is 0.</value>
    public double Dropout { get; init; }

    /// <summary>Module names to adapt, matched against the last part of each projection's name.</summary>
    /// <value>The default value is null: every attention and MLP projection of the architecture.</value>
    public IReadOnlyList<string>? TargetModules { get; init; }

    /// <summary>The factor Alpha / Rank applied to B A x.</summary>
    public double Scale => Alpha / Rank;

    /// <summary>Llama-family projection names.</summary>
    public static IReadOnlyList<string> LlamaTargets { get; } =
        ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];

    /// <summary>GPT-2 projection names (Conv1D in Hugging Face).</summary>
    public static IReadOnlyList<string> Gpt2Targets { get; } = ["c_attn", "c_proj", "c_fc"];

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    public void Validate()
    {
        if (Rank < 1)
            throw new PlumbException($"lora rank {Rank} must be at least 1.");
        if (Alpha <= 0 || !double.IsFinite(Alpha))
            throw new PlumbException($"lora_alpha {Alpha} must be a positive number.");
        if (Dropout is < 0 or >= 1)
            throw new PlumbException($"lora_dropout {Dropout} must be in [0, 1).");
        if (TargetModules is { Count: 0 })
            throw new PlumbException("lora target_modules is empty; name at least one projection, e.g. q_proj.");
    }
}
