using System.Diagnostics;
using Plumb.Training;

namespace Plumb.Tests.Training;

[Collection(TorchGlobalStateCollection.Name)]
public sealed class KilledCheckpointTests
{
    [Fact]
    public void Should_resume_from_the_previous_checkpoint_When_the_process_is_killed_while_writing_one()
    {
        using var run = new TrainingRun();
        Directory.CreateDirectory(run.Dir);

        // Given a child process that trains and is killed while writing checkpoint 10
        var start = new ProcessStartInfo(DotnetHost(), [Path.Combine(AppContext.BaseDirectory, "Plumb.Tests.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment[KilledCheckpointChild.DirVariable] = run.Dir;
        using (var child = Process.Start(start)!)
        {
            string marker = Path.Combine(run.Dir, KilledCheckpointChild.Marker);
            var clock = Stopwatch.StartNew();
            while (!File.Exists(marker) && !child.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60))
                Thread.Sleep(20);
            bool reached = File.Exists(marker);
            if (!child.HasExited)
                child.Kill(entireProcessTree: true);
            child.WaitForExit();
            Assert.True(reached, "the child never reached its second checkpoint: " + child.StandardError.ReadToEnd());
        }

        // Then the torn checkpoint-000010.tmp is ignored, checkpoint 5 is the latest, and training resumes to 20
        var store = new CheckpointStore(run.Dir);
        Assert.True(Directory.Exists(store.PathFor(10) + ".tmp"));
        Assert.Equal([5], store.List().Select(c => c.Step));
        var options = KilledCheckpointChild.ChildOptions(run.Dir) with { ResumeFromCheckpoint = "latest" };
        var (result, parameters) = TrainingRun.Train(options, RegressionTask.Data(64), modelSeed: 3);
        Assert.Equal(20, result.CompletedSteps);
        Assert.All(parameters, v => Assert.True(float.IsFinite(v)));
        Assert.Equal([5, 10, 15, 20], store.List().Select(c => c.Step));
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
}
