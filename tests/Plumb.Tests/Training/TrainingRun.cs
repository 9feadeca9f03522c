using Plumb.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Tests.Training;

/// <summary>A temporary run directory and helpers shared by the trainer tests.</summary>
public sealed class TrainingRun : IDisposable
{
    public string Dir { get; } = Path.Combine(Path.GetTempPath(), $"plumb-train-{Guid.NewGuid():N}");

    /// <summary>Options small enough for a unit test.</summary>
    public TrainingOptions Options(int maxSteps = 20) => new()
    {
        LearningRate = 1e-2,
        PerDeviceTrainBatchSize = 4,
        GradientAccumulationSteps = 2,
        MaxSteps = maxSteps,
        LoggingSteps = 1,
        SaveSteps = 0,
        WarmupSteps = 2,
        OutputDir = Dir,
    };

    /// <summary>Runs a whole training and returns the result and the final parameters.</summary>
    public static (TrainingResult Result, float[] Parameters) Train(
        TrainingOptions options, List<Sample> data, int modelSeed = 1,
        ITrainingObserver? observer = null, CancellationToken cancellation = default,
        ModelCheckpointer? checkpointer = null, bool dropout = false)
    {
        var model = dropout ? RegressionTask.ModelWithDropout(modelSeed) : RegressionTask.Model(modelSeed);
        using var trainer = new Trainer<Sample>(
            options, model, new RegressionTask(model), data, observer: observer, checkpointer: checkpointer);
        var result = trainer.Run(cancellation);
        return (result, Flatten(model));
    }

    public static float[] Flatten(nn.Module model) =>
        model.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray()).ToArray();

    public void Dispose()
    {
        if (Directory.Exists(Dir))
            Directory.Delete(Dir, recursive: true);
    }
}
