namespace Plumb.Training;

/// <summary>Checks <see cref="TrainingOptions"/> before any tensor exists, and says how to fix each problem.</summary>
public static class TrainingOptionsValidator
{
    /// <summary>Throws one <see cref="PlumbException"/> listing every problem, or returns quietly.</summary>
    public static void Validate(TrainingOptions o)
    {
        var problems = Problems(o).ToList();
        if (problems.Count > 0)
            throw new PlumbException("Invalid training options:\n  - " + string.Join("\n  - ", problems));
    }

    /// <summary>Checks the options against the number of optimizer steps the run will take.</summary>
    public static void ValidatePlan(TrainingOptions o, int totalSteps)
    {
        if (o.WarmupSteps > totalSteps)
            throw new PlumbException(
                $"warmup_steps ({o.WarmupSteps}) exceeds the run's {totalSteps} optimizer steps; "
                + "lower warmup_steps, use warmup_ratio, or raise max_steps / num_train_epochs.");
    }

    private static IEnumerable<string> Problems(TrainingOptions o)
    {
        if (!(o.LearningRate > 0) || double.IsInfinity(o.LearningRate))
            yield return $"learning_rate must be a positive number, got {o.LearningRate}; "
                + "DPO typically uses 1e-7 to 1e-5.";
        if (o.PerDeviceTrainBatchSize < 1)
            yield return $"per_device_train_batch_size must be at least 1, got {o.PerDeviceTrainBatchSize}.";
        if (o.PerDeviceEvalBatchSize < 1)
            yield return $"per_device_eval_batch_size must be at least 1, got {o.PerDeviceEvalBatchSize}.";
        if (o.GradientAccumulationSteps < 1)
            yield return $"gradient_accumulation_steps must be at least 1, got {o.GradientAccumulationSteps}.";
        if (o.MaxSteps == 0 || o.MaxSteps < -1)
            yield return $"max_steps must be positive, or -1 to use num_train_epochs; got {o.MaxSteps}.";
        if (o.MaxSteps == -1 && !(o.NumTrainEpochs > 0))
            yield return $"num_train_epochs must be positive when max_steps is -1, got {o.NumTrainEpochs}.";
        if (o.WarmupRatio is < 0 or > 1 || double.IsNaN(o.WarmupRatio))
            yield return $"warmup_ratio must lie in [0, 1], got {o.WarmupRatio}.";
        if (o.WarmupSteps < 0)
            yield return $"warmup_steps must not be negative, got {o.WarmupSteps}.";
        if (o.WeightDecay < 0)
            yield return $"weight_decay must not be negative, got {o.WeightDecay}.";
        if (o.AdamBeta1 is < 0 or >= 1 || o.AdamBeta2 is < 0 or >= 1)
            yield return $"adam_beta1 and adam_beta2 must lie in [0, 1), got {o.AdamBeta1} and {o.AdamBeta2}.";
        if (!(o.AdamEpsilon >= 0))
            yield return $"adam_epsilon must not be negative, got {o.AdamEpsilon}.";
        if (o.RmspropAlpha is < 0 or >= 1)
            yield return $"rmsprop_alpha must lie in [0, 1), got {o.RmspropAlpha}.";
        if (!(o.MaxGradNorm >= 0))
            yield return $"max_grad_norm must be 0 (no clipping) or positive, got {o.MaxGradNorm}.";
        if (o.LoggingSteps < 1)
            yield return $"logging_steps must be at least 1, got {o.LoggingSteps}.";
        if (o.EvalSteps < 0 || o.SaveSteps < 0 || o.SaveTotalLimit < 0)
            yield return "eval_steps, save_steps and save_total_limit must not be negative "
                + "(0 means: as logging_steps / never / keep all).";
        if (string.IsNullOrWhiteSpace(o.OutputDir))
            yield return "output_dir must name a directory for the run's config, metrics and checkpoints.";
    }
}
