using System.Globalization;

namespace Plumb.Training;

/// <summary>The snake_case keys of <see cref="TrainingOptions"/>, each with its parser and printer.</summary>
public static class TrainingOptionKeys
{
    /// <summary>One key: how to read a text value into the options and how to print it back.</summary>
    public sealed record Key(
        string Name,
        string Expected,
        Func<TrainingOptions, string, TrainingOptions> Apply,
        Func<TrainingOptions, string?> Print);

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Every key, in the order a saved config lists them.</summary>
    public static readonly IReadOnlyList<Key> All =
    [
        Real("learning_rate", (o, v) => o with { LearningRate = v }, o => o.LearningRate),
        Whole("per_device_train_batch_size", (o, v) => o with { PerDeviceTrainBatchSize = v },
            o => o.PerDeviceTrainBatchSize),
        Whole("per_device_eval_batch_size", (o, v) => o with { PerDeviceEvalBatchSize = v },
            o => o.PerDeviceEvalBatchSize),
        Whole("gradient_accumulation_steps", (o, v) => o with { GradientAccumulationSteps = v },
            o => o.GradientAccumulationSteps),
        Real("num_train_epochs", (o, v) => o with { NumTrainEpochs = v }, o => o.NumTrainEpochs),
        Whole("max_steps", (o, v) => o with { MaxSteps = v }, o => o.MaxSteps),
        Real("warmup_ratio", (o, v) => o with { WarmupRatio = v }, o => o.WarmupRatio),
        Whole("warmup_steps", (o, v) => o with { WarmupSteps = v }, o => o.WarmupSteps),
        // HF's spellings are accepted too: constant_with_warmup, adamw_torch, adamw_torch_fused.
        Choice("lr_scheduler_type", ["constant", "linear", "cosine", "constant_with_warmup"],
            (o, v) => o with { LrSchedulerType = v == "constant_with_warmup"
                ? LrSchedulerType.Constant : Enum.Parse<LrSchedulerType>(v, ignoreCase: true) },
            o => o.LrSchedulerType.ToString().ToLowerInvariant()),
        Choice("optim", ["adamw", "rmsprop", "sgd", "adamw_torch", "adamw_torch_fused"],
            (o, v) => o with
            {
                Optim = v switch
                {
                    "rmsprop" => OptimizerType.RmsProp,
                    "sgd" => OptimizerType.Sgd,
                    _ => OptimizerType.AdamW,
                },
            },
            o => o.Optim switch { OptimizerType.RmsProp => "rmsprop", OptimizerType.Sgd => "sgd", _ => "adamw" }),
        Real("weight_decay", (o, v) => o with { WeightDecay = v }, o => o.WeightDecay),
        Real("adam_beta1", (o, v) => o with { AdamBeta1 = v }, o => o.AdamBeta1),
        Real("adam_beta2", (o, v) => o with { AdamBeta2 = v }, o => o.AdamBeta2),
        Real("adam_epsilon", (o, v) => o with { AdamEpsilon = v }, o => o.AdamEpsilon),
        Real("rmsprop_alpha", (o, v) => o with { RmspropAlpha = v }, o => o.RmspropAlpha),
        Real("max_grad_norm", (o, v) => o with { MaxGradNorm = v }, o => o.MaxGradNorm),
        Whole("seed", (o, v) => o with { Seed = v }, o => o.Seed),
        Whole("logging_steps", (o, v) => o with { LoggingSteps = v }, o => o.LoggingSteps),
        Whole("eval_steps", (o, v) => o with { EvalSteps = v }, o => o.EvalSteps),
        Whole("save_steps", (o, v) => o with { SaveSteps = v }, o => o.SaveSteps),
        Whole("save_total_limit", (o, v) => o with { SaveTotalLimit = v }, o => o.SaveTotalLimit),
        Text("output_dir", (o, v) => o with { OutputDir = v }, o => o.OutputDir),
        Text("resume_from_checkpoint", (o, v) => o with { ResumeFromCheckpoint = Nullable(v) },
            o => o.ResumeFromCheckpoint),
    ];

    /// <summary>Finds a key by its exact name, or null.</summary>
    public static Key? Find(string name) => All.FirstOrDefault(k => k.Name == name);

    private static string? Nullable(string v) => v is "" or "null" or "~" ? null : v;

    private static Key Real(string name, Func<TrainingOptions, double, TrainingOptions> set,
        Func<TrainingOptions, double> get) =>
        new(name, "a number such as 1e-6",
            (o, text) => double.TryParse(text, NumberStyles.Float, Inv, out var v)
                ? set(o, v) : throw new FormatException(),
            o => get(o).ToString("R", Inv));

    private static Key Whole(string name, Func<TrainingOptions, int, TrainingOptions> set,
        Func<TrainingOptions, int> get) =>
        new(name, "a whole number",
            (o, text) => int.TryParse(text, NumberStyles.Integer, Inv, out var v)
                ? set(o, v) : throw new FormatException(),
            o => get(o).ToString(Inv));

    private static Key Text(string name, Func<TrainingOptions, string, TrainingOptions> set,
        Func<TrainingOptions, string?> get) => new(name, "a path", set, get);

    private static Key Choice(string name, string[] choices, Func<TrainingOptions, string, TrainingOptions> set,
        Func<TrainingOptions, string> get) =>
        new(name, "one of: " + string.Join(", ", choices),
            (o, text) => choices.Contains(text.ToLowerInvariant())
                ? set(o, text.ToLowerInvariant()) : throw new FormatException(),
            get);
}
