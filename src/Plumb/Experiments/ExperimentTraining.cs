using Plumb.Data;
using Plumb.Models;
using Plumb.Objectives;
using Plumb.Training;
using Plumb.Training.Reference;
using Plumb.Training.Tasks;

namespace Plumb.Experiments;

/// <summary>Runs Plumb's <see cref="Trainer{TExample}"/> for the experiments, each run in a fresh folder.</summary>
internal static class ExperimentTraining
{
    /// <summary>Supervised training (<see cref="SftTask"/>) with AdamW and a cosine schedule.</summary>
    public static TrainingResult Supervised(CausalLM model, long padId, IReadOnlyList<TokenizedPair> data,
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
        using var trainer = new Trainer<TokenizedPair>(options, model, new SftTask(model, padId), data);
        return trainer.Run();
    }

    /// <summary>
    /// DPO (<see cref="PreferenceTask"/> with the sigmoid loss) against reference log-probs fixed before
    /// training, at a constant rate and no clipping, with RMSprop unless told otherwise, as Razin et al. train.
    /// </summary>
    public static TrainingResult Dpo(CausalLM model, long padId, IReadOnlyList<TokenizedPair> pairs,
        IReadOnlyList<ReferenceScore> reference, int batchSize, int steps, double learningRate, double beta,
        int seed, string dir, OptimizerType optimizer = OptimizerType.RmsProp)
    {
        var options = new TrainingOptions
        {
            LearningRate = learningRate,
            PerDeviceTrainBatchSize = batchSize,
            MaxSteps = steps,
            LrSchedulerType = LrSchedulerType.Constant,
            Optim = optimizer,
            MaxGradNorm = 0,
            Seed = seed,
            LoggingSteps = Math.Max(1, steps / 5),
            SaveSteps = 0,
            OutputDir = Fresh(dir),
        };
        var objective = CompositeObjective.Parse("sigmoid", settings: new ObjectiveSettings { Beta = beta });
        var scores = new PrecomputedReference(reference.ToDictionary(s => s.Id), "the model before DPO");
        var task = new PreferenceTask(model, objective, scores, padId);
        using var trainer = new Trainer<TokenizedPair>(options, model, task, pairs);
        return trainer.Run();
    }

    /// <summary>Reference scores of <paramref name="pairs"/> from log-probs computed in the same order.</summary>
    public static List<ReferenceScore> Scores(IReadOnlyList<TokenizedPair> pairs, double[] chosen,
        double[] rejected) =>
        pairs.Select((p, i) => new ReferenceScore(p.Id, chosen[i], rejected[i], p.Chosen.Length, p.Rejected.Length))
            .ToList();

    /// <summary>A detached copy of every parameter, to start several runs from the same weights.</summary>
    public static Dictionary<string, TorchSharp.torch.Tensor> Snapshot(CausalLM model) =>
        model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());

    /// <summary>Copies a <see cref="Snapshot"/> back into the model's parameters.</summary>
    public static void Restore(CausalLM model, Dictionary<string, TorchSharp.torch.Tensor> snapshot)
    {
        using var _ = TorchSharp.torch.no_grad();
        foreach (var (name, parameter) in model.named_parameters())
            parameter.copy_(snapshot[name]);
    }

    // The trainer refuses a folder that holds an earlier run's checkpoints, so each run starts empty.
    private static string Fresh(string dir)
    {
        if (Directory.Exists(dir))
            Directory.Delete(dir, recursive: true);
        return dir;
    }
}
