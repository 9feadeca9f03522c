using System.Runtime.CompilerServices;
using Plumb.Runtime;
using Plumb.Training;

namespace Plumb.Tests.Training;

/// <summary>
/// The child side of the killed-process test: when the test assembly is started as a program with
/// <see cref="DirVariable"/> set, it trains until its second checkpoint write is under way, then hangs
/// there so that the parent can kill it mid-write.
/// </summary>
internal static class KilledCheckpointChild
{
    public const string DirVariable = "PLUMB_TEST_KILLED_CHECKPOINT_DIR";
    public const string Marker = "child-is-writing-checkpoint";

#pragma warning disable CA2255 // Only a child process started by the test, with the variable set, does anything.
    [ModuleInitializer]
    internal static void RunIfChild()
#pragma warning restore CA2255
    {
        string? dir = Environment.GetEnvironmentVariable(DirVariable);
        if (dir is null)
            return;
        TorchRuntime.Initialize();
        var model = RegressionTask.Model();
        var inner = ModelCheckpointer.Safetensors(model);
        int saves = 0;
        var hanging = inner with
        {
            Save = target =>
            {
                inner.Save(target);
                if (++saves < 2)
                    return;
                File.WriteAllText(Path.Combine(dir, Marker), target);
                Thread.Sleep(Timeout.Infinite);
            },
        };
        var options = ChildOptions(dir);
        using var trainer = new Trainer<Sample>(
            options, model, new RegressionTask(model), RegressionTask.Data(64), checkpointer: hanging);
        trainer.Run();
        Environment.Exit(3); // Unreachable unless the hang was skipped: the parent treats it as a failure.
    }

    public static TrainingOptions ChildOptions(string dir) => new()
    {
        LearningRate = 1e-2,
        PerDeviceTrainBatchSize = 4,
        GradientAccumulationSteps = 2,
        MaxSteps = 20,
        LoggingSteps = 5,
        SaveSteps = 5,
        OutputDir = dir,
    };
}
