using Plumb.Data;
using Plumb.Objectives;

namespace Plumb.Training.Tasks;

/// <summary>
/// What a <c>plumb train</c> run trains on besides the loop settings: model, data, loss, reference and data
/// options. Keys in a YAML recipe are the snake_case names of <see cref="RunRecipeKeys"/>.
/// </summary>
public sealed record RunRecipe
{
    /// <summary>The method verb: dpo, ipo, simpo, orpo, cpo, sft, kto or bco. <value>The default value is dpo.
    /// </value></summary>
    public string Method { get; init; } = "dpo";

    /// <summary>The starting model's directory (Hugging Face layout). <value>No default: required.</value></summary>
    public string? Model { get; init; }

    /// <summary>The data file or shard directory. <value>No default: required.</value></summary>
    public string? Data { get; init; }

    /// <summary>Comma-separated loss names; null takes the method's. <value>The default value is null.</value>
    /// </summary>
    public string? LossType { get; init; }

    /// <summary>One weight per loss name; null weighs each 1. <value>The default value is null.</value></summary>
    public string? LossWeights { get; init; }

    /// <summary>cpu, cuda or cuda:N. <value>The default value is cpu.</value></summary>
    public string Device { get; init; } = "cpu";

    /// <summary>A <c>plumb score</c> file to read reference log-probs from. <value>The default value is null.
    /// </value></summary>
    public string? RefLogps { get; init; }

    /// <summary>Compute reference log-probs once, cache them, and free the reference model.
    /// <value>The default value is false.</value></summary>
    public bool PrecomputeRef { get; init; }

    /// <summary>Pairs per reference pass when precomputing. <value>The default value is 8.</value></summary>
    public int PrecomputeRefBatchSize { get; init; } = 8;

    /// <summary>Where precomputed reference log-probs are cached; null means ~/.cache/plumb.
    /// <value>The default value is null.</value></summary>
    public string? CacheDir { get; init; }

    /// <summary>Torch's intra-op CPU threads; null keeps torch's default (one per core).
    /// <value>The default value is null.</value></summary>
    /// <remarks>Tiny models train faster on one thread: 200 DPO steps of a 36K-parameter Llama took 6.0 s on one
    /// thread and 48.3 s on two, on a busy 2-core machine.</remarks>
    // TODO(#6): choose the thread count from the model size and the free cores instead of torch's default.
    public int? Threads { get; init; }

    /// <summary>TR-DPO: mix the policy into the reference. <value>The default value is false.</value></summary>
    public bool SyncRefModel { get; init; }

    /// <summary>TR-DPO's α. <value>The default value is 0.6 (TRL's).</value></summary>
    public double RefModelMixupAlpha { get; init; } = 0.6;

    /// <summary>TR-DPO's τ in optimizer steps. <value>The default value is 512 (TRL's).</value></summary>
    public int RefModelSyncSteps { get; init; } = 512;

    /// <summary>Train low-rank adapters (LoRA) instead of every weight; the reference is the same model with
    /// the adapters off. <value>The default value is false.</value></summary>
    public bool UsePeft { get; init; }

    /// <summary>LoRA's rank r (with <see cref="UsePeft"/>). <value>The default value is 16 (TRL's CLI).</value>
    /// </summary>
    public int LoraR { get; init; } = 16;

    /// <summary>LoRA's alpha; the update is scaled by alpha / r. <value>The default value is 32.</value></summary>
    public double LoraAlpha { get; init; } = 32;

    /// <summary>Dropout on each adapter's input. <value>The default value is 0.05.</value></summary>
    public double LoraDropout { get; init; } = 0.05;

    /// <summary>Comma-separated projection names to adapt; null takes every attention and MLP projection of the
    /// architecture. <value>The default value is null.</value></summary>
    public string? LoraTargetModules { get; init; }

    /// <summary>Recompute each block's activations in the backward pass instead of keeping them.
    /// <value>The default value is false.</value></summary>
    /// <remarks>TRL defaults it to true, for GPU memory. Plumb's is false: it costs about a third more compute
    /// per step (one extra forward), and on CPU memory is rarely what limits a run.</remarks>
    public bool GradientCheckpointing { get; init; }

    /// <summary>Reward models: c in c (r_c + r_r)^2, TRL's <c>center_rewards_coefficient</c>.
    /// <value>The default value is 0 (no centring).</value></summary>
    public double CenterRewardsCoefficient { get; init; }

    /// <summary>The LoRA settings these keys describe.</summary>
    public Models.Lora.LoraOptions Lora => new()
    {
        Rank = LoraR,
        Alpha = LoraAlpha,
        Dropout = LoraDropout,
        TargetModules = LoraTargetModules?.Split(',', StringSplitOptions.TrimEntries),
    };

    /// <summary>The loss settings (beta, label_smoothing, ...); unset ones keep each loss's default.</summary>
    public ObjectiveSettings Objective { get; init; } = ObjectiveSettings.Default;

    /// <summary>TRL's <c>f_divergence_type</c>; null is reverse KL. <value>The default value is null.</value>
    /// </summary>
    public string? FDivergenceType { get; init; }

    /// <summary>TRL's <c>f_alpha_divergence_coef</c>. <value>The default value is 0.5.</value></summary>
    public double FAlphaDivergenceCoef { get; init; } = 0.5;

    /// <summary>How records are read, tokenized and split (its seed follows the training seed).</summary>
    public DataOptions DataOptions { get; init; } = new();

    /// <summary>The loss names to train with: <see cref="LossType"/>, or the method's default.</summary>
    public string ResolvedLoss => LossType ?? RunMethods.DefaultLoss(Method);

    /// <summary>The objective settings with the f-divergence applied.</summary>
    public ObjectiveSettings ResolvedObjective => FDivergenceType is null
        ? Objective
        : Objective with { Divergence = FDivergence.FromTrl(FDivergenceType, FAlphaDivergenceCoef) };
}
