using Plumb.Models;
using Plumb.Training;

namespace Plumb.Experiments;

/// <summary>Runs Plumb's <see cref="Trainer{TExample}"/> for the experiments, each run in a fresh folder.</summary>
internal static class ExperimentTraining
{
    /// <summary>Supervised training on completions with AdamW and a cosine schedule.</summary>
    public static TrainingResult Supervised(CausalLM model, long padId, IReadOnlyList<CompletionExample> data,
        int steps, double learningRate, int seed, string dir)
    {
        var options = new TrainingOptions
        {
            LearningRate = learningRate,
            PerDeviceTrainBatchSize = Math.Min(32, data.Count),
            MaxSteps = steps,
            WarmupSteps = Math.Min(20, steps / 10),
            LrSchedulerType = LrSchedulerType.Cosine,
            Seed = seed,
            LoggingSteps = Math.Max(1, steps / 5),
            SaveSteps = 0,
            OutputDir = Fresh(dir),
        };
        using var trainer = new Trainer<CompletionExample>(options, model, new CompletionLmTask(model, padId), data);
        return trainer.Run();
    }

    /// <summary>DPO with RMSprop at a constant rate, without clipping, as Razin et al. train.</summary>
    public static TrainingResult Dpo(CausalLM model, long padId, IReadOnlyList<ScoredPair> pairs, int batchSize,
        int steps, double learningRate, double beta, int seed, string dir)
    {
        var options = new TrainingOptions
        {
            LearningRate = learningRate,
            PerDeviceTrainBatchSize = batchSize,
            MaxSteps = steps,
            LrSchedulerType = LrSchedulerType.Constant,
            Optim = OptimizerType.RmsProp,
            MaxGradNorm = 0,
            Seed = seed,
            LoggingSteps = Math.Max(1, steps / 5),
            SaveSteps = 0,
            OutputDir = Fresh(dir),
        };
        var task = new FixedReferenceDpoTask(model, padId, beta);
        using var trainer = new Trainer<ScoredPair>(options, model, task, pairs);
        return trainer.Run();
    }

    // The trainer refuses a folder that holds an earlier run's checkpoints, so each run starts empty.
    private static string Fresh(string dir)
    {
        if (Directory.Exists(dir))
            Directory.Delete(dir, recursive: true);
        return dir;
    }
}
