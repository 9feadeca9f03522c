using System.Globalization;
using Plumb.Data;
using Plumb.Objectives;

namespace Plumb.Training.Tasks;

/// <summary>The snake_case keys of <see cref="RunRecipe"/>, each with its parser, as a YAML recipe spells them.
/// </summary>
public static class RunRecipeKeys
{
    /// <summary>One key: its name, what a value looks like, and how to apply one.</summary>
    public sealed record Key(string Name, string Expected, Func<RunRecipe, string, RunRecipe> Apply)
    {
        /// <summary>Whether the command line takes it as a flag without a value.</summary>
        public bool IsFlag => Expected == Flag;
    }

    private const string Flag = "true or false";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Every run key.</summary>
    public static readonly IReadOnlyList<Key> All =
    [
        Text("method", (r, v) => r with { Method = v }),
        Text("model", (r, v) => r with { Model = v }),
        Text("data", (r, v) => r with { Data = v }),
        Text("loss_type", (r, v) => r with { LossType = v }),
        Text("loss_weights", (r, v) => r with { LossWeights = v }),
        Text("device", (r, v) => r with { Device = v }),
        Text("ref_logps", (r, v) => r with { RefLogps = v }),
        Bool("precompute_ref", (r, v) => r with { PrecomputeRef = v }),
        Whole("precompute_ref_batch_size", (r, v) => r with { PrecomputeRefBatchSize = v }),
        Text("cache_dir", (r, v) => r with { CacheDir = v }),
        Choice("threads", "a whole number, or null for torch's default",
            (r, v) => r with { Threads = OptionalWhole(v) }),
        Bool("sync_ref_model", (r, v) => r with { SyncRefModel = v }),
        Real("ref_model_mixup_alpha", (r, v) => r with { RefModelMixupAlpha = v }),
        Whole("ref_model_sync_steps", (r, v) => r with { RefModelSyncSteps = v }),
        Text("f_divergence_type", (r, v) => r with { FDivergenceType = v }),
        Real("f_alpha_divergence_coef", (r, v) => r with { FAlphaDivergenceCoef = v }),
        Bool("use_peft", (r, v) => r with { UsePeft = v }),
        Whole("lora_r", (r, v) => r with { LoraR = v }),
        Real("lora_alpha", (r, v) => r with { LoraAlpha = v }),
        Real("lora_dropout", (r, v) => r with { LoraDropout = v }),
        Text("lora_target_modules", (r, v) => r with { LoraTargetModules = v }),
        Bool("gradient_checkpointing", (r, v) => r with { GradientCheckpointing = v }),
        Real("center_rewards_coefficient", (r, v) => r with { CenterRewardsCoefficient = v }),
        Loss("beta", (s, v) => s with { Beta = v }),
        Loss("label_smoothing", (s, v) => s with { LabelSmoothing = v }),
        Loss("discopop_tau", (s, v) => s with { DiscopopTau = v }),
        Loss("simpo_gamma", (s, v) => s with { SimpoGamma = v }),
        Loss("cpo_alpha", (s, v) => s with { CpoAlpha = v }),
        Loss("rpo_eta", (s, v) => s with { RpoEta = v }),
        Loss("ld_alpha", (s, v) => s with { LdAlpha = v }),
        Loss("desirable_weight", (s, v) => s with { DesirableWeight = v }),
        Loss("undesirable_weight", (s, v) => s with { UndesirableWeight = v }),
        Bool("use_weighting", (r, v) => r with { Objective = r.Objective with { UseWeighting = v } }),
        Bool("ipo_length_normalized", (r, v) => r with { Objective = r.Objective with { IpoLengthNormalized = v } }),
        Whole("max_length", (r, v) => WithData(r, d => d with { MaxLength = v })),
        Text("max_prompt_length", (r, v) => WithData(r, d => d with { MaxPromptLength = OptionalWhole(v) })),
        Choice("truncation_mode", "keep_start or keep_end",
            (r, v) => WithData(r, d => d with { Truncation = Truncation(v) })),
        Text("eval_split", (r, v) => WithData(r, d => d with { EvalSplit = EvalSplit.Parse(v) })),
        Text("columns", (r, v) => WithData(r, d => d with { Columns = ColumnMap.Parse(v) })),
        Text("roles", (r, v) => WithData(r, d => d with { Roles = RoleMap.Parse(v) })),
        Choice("shape", "auto, explicit, implicit or unpaired",
            (r, v) => WithData(r, d => d with { Shape = Shape(v) })),
        Text("chat_template", (r, v) => WithData(r, d => d with { TemplateName = v })),
        Bool("skip_invalid", (r, v) => WithData(r, d => d with { SkipInvalid = v })),
    ];

    /// <summary>Finds a key by its exact name, or null.</summary>
    public static Key? Find(string name) => All.FirstOrDefault(k => k.Name == name);

    /// <summary>The names, for telling the training-options loader which keys are not its own.</summary>
    public static IReadOnlySet<string> Names { get; } = All.Select(k => k.Name).ToHashSet(StringComparer.Ordinal);

    private static RunRecipe WithData(RunRecipe r, Func<DataOptions, DataOptions> change) =>
        r with { DataOptions = change(r.DataOptions) };

    private static Key Text(string name, Func<RunRecipe, string, RunRecipe> set) => new(name, "a text value", set);

    private static Key Choice(string name, string expected, Func<RunRecipe, string, RunRecipe> set) =>
        new(name, expected, set);

    private static Key Bool(string name, Func<RunRecipe, bool, RunRecipe> set) =>
        new(name, Flag, (r, text) => bool.TryParse(text, out var v) ? set(r, v) : throw new FormatException());

    private static Key Whole(string name, Func<RunRecipe, int, RunRecipe> set) =>
        new(name, "a whole number", (r, text) =>
            int.TryParse(text, NumberStyles.Integer, Inv, out var v) ? set(r, v) : throw new FormatException());

    private static Key Real(string name, Func<RunRecipe, double, RunRecipe> set) =>
        new(name, "a number such as 0.1", (r, text) =>
            double.TryParse(text, NumberStyles.Float, Inv, out var v) ? set(r, v) : throw new FormatException());

    private static Key Loss(string name, Func<ObjectiveSettings, double, ObjectiveSettings> set) =>
        Real(name, (r, v) => r with { Objective = set(r.Objective, v) });

    private static int? OptionalWhole(string text) => text is "null" or "none" or "~" or ""
        ? null
        : int.TryParse(text, NumberStyles.Integer, Inv, out var v) ? v : throw new FormatException();

    private static TruncationMode Truncation(string text) => text switch
    {
        "keep_start" => TruncationMode.KeepStart,
        "keep_end" => TruncationMode.KeepEnd,
        _ => throw new FormatException(),
    };

    private static DataShape Shape(string text) => text switch
    {
        "auto" => DataShape.Auto,
        "explicit" => DataShape.Explicit,
        "implicit" => DataShape.Implicit,
        "unpaired" => DataShape.Unpaired,
        _ => throw new FormatException(),
    };
}
