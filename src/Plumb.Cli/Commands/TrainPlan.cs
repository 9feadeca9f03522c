using Plumb.Models;
using Plumb.Objectives;
using Plumb.Runtime;
using Plumb.Training;
using Plumb.Training.Tasks;
using static TorchSharp.torch;

namespace Plumb.Cli.Commands;

/// <summary>Where a run's reference log-probs come from.</summary>
internal enum ReferenceSource
{
    /// <summary>The loss is reference-free (or SFT).</summary>
    None,

    /// <summary>A frozen second copy of the starting model.</summary>
    Frozen,

    /// <summary>A <c>plumb score</c> file given with --ref-logps.</summary>
    File,

    /// <summary>Computed once into the cache (--precompute-ref), then the model is freed.</summary>
    Precompute,

    /// <summary>The policy itself with its LoRA adapters off (--use-peft): no second copy.</summary>
    AdapterOff,
}

/// <summary>A <c>plumb train</c> run, resolved and checked before any tensor is allocated.</summary>
internal sealed record TrainPlan(
    RunRecipe Recipe,
    TrainingOptions Training,
    IReadOnlyDictionary<string, string> RunKeys,
    string ModelDir,
    string DataPath,
    ReferenceSource Reference,
    CompositeObjective? Paired,
    IUnpairedObjective? Unpaired,
    Device Device)
{
    /// <summary>Reads the recipe and command line, and checks every option, file and combination.</summary>
    /// <exception cref="PlumbException">Anything invalid, with what to do about it.</exception>
    public static TrainPlan Resolve(string method, string? config, IEnumerable<KeyValuePair<string, string>> given)
    {
        RunMethods.DefaultLoss(method);
        var (recipe, training, runKeys) = RunRecipeLoader.Load(config, given, new RunRecipe { Method = method });
        if (recipe.Method != method)
            throw new PlumbException($"The recipe says method: {recipe.Method}, the command line {method}; "
                + "remove one of them.");
        string model = recipe.Model ?? throw Missing("--model", "model", "the starting model's directory");
        string data = recipe.Data ?? throw Missing("--data", "data", "the preference data file");

        var (paired, unpaired) = Objective(recipe, training);
        var needsReference = unpaired is not null || paired?.Info.NeedsReferenceModel == true;
        var reference = ChooseReference(recipe, needsReference,
            paired?.Info.Name ?? unpaired?.Info.Name ?? RunMethods.RewardLoss);
        CheckReward(recipe, runKeys);
        if (recipe.SyncRefModel)
            CheckSync(recipe, reference);
        CheckPeft(recipe, runKeys);
        if (recipe.UsePeft && reference == ReferenceSource.Frozen)
            reference = ReferenceSource.AdapterOff;
        TrainingOptionsValidator.Validate(training);
        recipe.DataOptions.Validate();
        if (recipe.Threads is < 1)
            throw new PlumbException($"threads is {recipe.Threads}; use 1 or more, or leave it unset.");
        if (recipe.PrecomputeRefBatchSize < 1)
            throw new PlumbException($"precompute_ref_batch_size is {recipe.PrecomputeRefBatchSize}; use 1 or more.");

        // The files last: the model's tensors are checked on the meta device, so nothing is read yet.
        var summary = ModelLoader.Check(model);
        if (recipe.UsePeft)
            CheckTargets(recipe, summary.Config);
        if (!File.Exists(data) && !Directory.Exists(data))
            throw new PlumbException($"--data {data}: no such file or directory.");
        var device = Devices.Resolve(recipe.Device);
        return new TrainPlan(recipe, training, runKeys, model, data, reference, paired, unpaired, device);
    }

    private static (CompositeObjective?, IUnpairedObjective?) Objective(RunRecipe recipe, TrainingOptions training)
    {
        string loss = recipe.ResolvedLoss;
        var settings = recipe.ResolvedObjective;
        if (RunMethods.IsReward(recipe.Method))
            return loss == RunMethods.RewardLoss && recipe.LossWeights is null
                ? (null, null)
                : throw new PlumbException($"reward trains the {RunMethods.RewardLoss} loss on the pair's two "
                    + $"rewards; remove --loss {loss}" + (recipe.LossWeights is null ? "." : " and --loss-weights."));
        if (RunMethods.IsUnpaired(recipe.Method))
        {
            if (recipe.LossWeights is not null || loss.Contains(','))
                throw new PlumbException($"{recipe.Method} trains one unpaired loss; give a single --loss "
                    + "(kto, apo_zero_unpaired or bco) without --loss-weights.");
            var unpaired = ObjectiveRegistry.CreateUnpaired(loss, settings);
            bool mismatched = unpaired.Info.Needs.HasFlag(ObjectiveNeeds.MismatchedPairs);
            if (mismatched && training.PerDeviceTrainBatchSize < 2)
                throw new PlumbException($"{loss} estimates its KL point from mismatched pairs within a batch; set "
                    + "per_device_train_batch_size to 2 or more.");
            return (null, unpaired);
        }
        var objective = CompositeObjective.Parse(loss, recipe.LossWeights, settings);
        if (RunMethods.IsSft(recipe.Method) && objective.Info.Name != SftObjective.Name)
            throw new PlumbException($"sft trains the sft loss alone; got --loss {loss}. For SFT beside a "
                + $"preference loss use plumb train dpo --loss sigmoid,sft.");
        return (objective, null);
    }

    private static ReferenceSource ChooseReference(RunRecipe recipe, bool needed, string loss)
    {
        string? asked = recipe.RefLogps is not null ? "--ref-logps" : recipe.PrecomputeRef ? "--precompute-ref" : null;
        if (recipe.RefLogps is not null && recipe.PrecomputeRef)
            throw new PlumbException("--ref-logps reads reference log-probs from a file and --precompute-ref "
                + "computes them; give one of the two.");
        // A reference option the loss would never read is an error, not a silent no-op.
        if (!needed || RunMethods.IsSft(recipe.Method))
            return asked is null
                ? ReferenceSource.None
                : throw new PlumbException($"{asked} was given, but loss '{loss}' is reference-free and would "
                    + $"never read reference log-probs; remove {asked}, or choose a loss that uses a reference.");
        if (asked is not null && RunMethods.IsUnpaired(recipe.Method))
            // TODO(#4): precompute KTO/BCO reference log-probs (KTO's mismatched pairs depend on batch order).
            throw new PlumbException($"{asked} supports paired losses only; {recipe.Method} scores with a "
                + "frozen reference model: remove it.");
        return recipe.RefLogps is not null ? ReferenceSource.File
            : recipe.PrecomputeRef ? ReferenceSource.Precompute
            : ReferenceSource.Frozen;
    }

    private static void CheckSync(RunRecipe recipe, ReferenceSource reference)
    {
        if (reference != ReferenceSource.Frozen)
            throw new PlumbException("sync_ref_model updates a reference model during training; it cannot be "
                + "used with --ref-logps, --precompute-ref or a reference-free loss.");
        if (recipe.RefModelMixupAlpha is < 0 or > 1)
            throw new PlumbException($"ref_model_mixup_alpha is {recipe.RefModelMixupAlpha}; use a value in [0, 1].");
        if (recipe.RefModelSyncSteps < 1)
            throw new PlumbException($"ref_model_sync_steps is {recipe.RefModelSyncSteps}; use 1 or more.");
    }

    /// <summary>Reward-model options only for reward models, and what a reward run cannot do yet.</summary>
    private static void CheckReward(RunRecipe recipe, IReadOnlyDictionary<string, string> runKeys)
    {
        bool reward = RunMethods.IsReward(recipe.Method);
        if (!reward && runKeys.ContainsKey("center_rewards_coefficient"))
            throw new PlumbException("center_rewards_coefficient applies to plumb train reward only; remove it.");
        if (!reward)
            return;
        if (recipe.CenterRewardsCoefficient < 0)
            throw new PlumbException($"center_rewards_coefficient is {recipe.CenterRewardsCoefficient}; use 0 or "
                + "more (TRL suggests 0.01).");
        if (recipe.UsePeft)
            throw new PlumbException("plumb train reward trains the whole model and its score head; LoRA "
                + "adapters would leave the new score head frozen. Remove --use-peft.");
    }

    /// <summary>LoRA keys only with use_peft, and each in range, before any tensor exists.</summary>
    private static void CheckPeft(RunRecipe recipe, IReadOnlyDictionary<string, string> runKeys)
    {
        if (!recipe.UsePeft)
        {
            string? stray = runKeys.Keys.FirstOrDefault(k => k.StartsWith("lora_", StringComparison.Ordinal));
            if (stray is not null)
                throw new PlumbException($"{stray} was given without use_peft, so no adapters would be trained; "
                    + "add --use-peft (or 'use_peft: true' in the recipe), or remove " + stray + ".");
            return;
        }
        if (recipe.LoraR < 1)
            throw new PlumbException($"lora_r is {recipe.LoraR}; use a rank of 1 or more, e.g. 16.");
        if (recipe.LoraTargetModules is { } targets && targets.Split(',').Any(t => t.Trim().Length == 0))
            throw new PlumbException($"lora_target_modules '{targets}' has an empty name; give projection names "
                + "separated by commas, e.g. q_proj,v_proj.");
        recipe.Lora.Validate();
        if (recipe.SyncRefModel)
            throw new PlumbException("sync_ref_model mixes the policy into a separate reference model, but "
                + "use_peft uses the policy with its adapters off as the reference; remove one of the two.");
    }

    /// <summary>Plain target names must be projections of the architecture; dotted paths are left to attach.
    /// </summary>
    private static void CheckTargets(RunRecipe recipe, ModelConfig config)
    {
        var known = config.IsGpt2 ? Models.Lora.LoraOptions.Gpt2Targets : Models.Lora.LoraOptions.LlamaTargets;
        var unknown = recipe.Lora.TargetModules?.Where(t => !t.Contains('.') && !known.Contains(t)).ToList();
        if (unknown is { Count: > 0 })
            throw new PlumbException($"lora_target_modules names {string.Join(", ", unknown)}, which this "
                + $"{config.ModelType} model does not have; use some of {string.Join(",", known)}.");
    }

    private static PlumbException Missing(string option, string key, string what) => new(
        $"{option} is missing: give {what} as {option} PATH (or '{key}: PATH' in the --config recipe).");
}
