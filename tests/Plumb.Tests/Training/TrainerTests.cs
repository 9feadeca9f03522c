using Plumb.Training;
using TorchSharp;

namespace Plumb.Tests.Training;

[Collection(TorchGlobalStateCollection.Name)]
public sealed class TrainerTests
{
    [Fact]
    public void Should_reach_the_same_parameters_When_eight_micro_batches_are_accumulated_instead_of_one_batch()
    {
        using var runA = new TrainingRun();
        using var runB = new TrainingRun();
        var data = RegressionTask.Data(8);

        // Given one optimizer step over the same 8 examples, as 1×8 and as 8 micro-batches of 1
        var whole = runA.Options(maxSteps: 1) with { PerDeviceTrainBatchSize = 8, GradientAccumulationSteps = 1 };
        var split = runB.Options(maxSteps: 1) with { PerDeviceTrainBatchSize = 1, GradientAccumulationSteps = 8 };
        whole = whole with { WarmupSteps = 0, LrSchedulerType = LrSchedulerType.Constant };
        split = split with { WarmupSteps = 0, LrSchedulerType = LrSchedulerType.Constant };

        // When each trains
        var (a, paramsA) = TrainingRun.Train(whole, data);
        var (b, paramsB) = TrainingRun.Train(split, data);

        // Then parameters, loss and the pre-clip gradient norm agree: Adam alone would hide a scaling error,
        // the gradient norm would not (8× too large if micro-batch means were summed)
        Assert.Equal(paramsA.Length, paramsB.Length);
        for (int i = 0; i < paramsA.Length; i++)
            Assert.InRange(paramsB[i] - paramsA[i], -1e-5f, 1e-5f);
        double normA = a.History[0].Values["grad_norm"], normB = b.History[0].Values["grad_norm"];
        Assert.InRange(normB / normA, 1 - 1e-5, 1 + 1e-5);
        Assert.InRange(b.History[0].Values["loss"] / a.History[0].Values["loss"], 1 - 1e-5, 1 + 1e-5);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Should_continue_the_same_trajectory_When_interrupted_after_step_10_and_resumed(bool dropout)
    {
        using var straight = new TrainingRun();
        using var broken = new TrainingRun();
        var data = RegressionTask.Data(64);

        // Given an uninterrupted 20-step run (with dropout, torch's generator state matters too)
        var (full, fullParams) = TrainingRun.Train(straight.Options(), data, dropout: dropout);

        // When a second run is cancelled after step 10 (as Ctrl-C would) and resumed into a differently
        // initialised model, after the generator has been disturbed
        using var cancel = new CancellationTokenSource();
        var stopper = new RecordingObserver { OnStepDone = step => { if (step == 10) cancel.Cancel(); } };
        var (first, _) = TrainingRun.Train(
            broken.Options(), data, observer: stopper, cancellation: cancel.Token, dropout: dropout);
        var resume = broken.Options() with { ResumeFromCheckpoint = "latest" };
        torch.rand(17).Dispose();
        var (second, resumedParams) = TrainingRun.Train(resume, data, modelSeed: 999, dropout: dropout);

        // Then the interruption saved checkpoint 10, and every step's loss matches the straight run within
        // 1e-6 relative. (Not bitwise: MKL's matmul can differ by one float32 ulp between identical runs.)
        Assert.True(first.Interrupted);
        Assert.Equal(10, first.CompletedSteps);
        Assert.Equal([10], stopper.Checkpoints);
        Assert.Equal(20, second.CompletedSteps);
        Assert.Equal(full.History.Select(r => r.Step), second.History.Select(r => r.Step));
        foreach (var (expected, actual) in full.History.Zip(second.History))
            Assert.InRange(actual.Values["loss"] / expected.Values["loss"], 1 - 1e-6, 1 + 1e-6);
        Assert.All(fullParams.Zip(resumedParams), p => Assert.InRange(p.Second - p.First, -1e-5f, 1e-5f));
    }

    [Fact]
    public void Should_stop_with_the_step_and_example_ids_When_the_loss_becomes_nan()
    {
        using var run = new TrainingRun();

        // Given a poisoned example whose target is NaN, and a checkpoint every 2 steps
        var data = RegressionTask.Data(16);
        data[5] = data[5] with { Id = "poison-17", Y = float.NaN };
        var options = run.Options(maxSteps: 20) with
        {
            PerDeviceTrainBatchSize = 2, GradientAccumulationSteps = 1, SaveSteps = 2,
        };

        // When training reaches the batch that holds it
        var error = Assert.Throws<PlumbException>(() => TrainingRun.Train(options, data));

        // Then the message names the step and the example, and the last good checkpoint loads
        Assert.Matches(@"^Step \d+: the loss is NaN and the gradient norm NaN, with a non-finite loss on "
            + @"examples \[poison-17\]\.", error.Message);
        string? latest = new CheckpointStore(run.Dir).Latest();
        Assert.NotNull(latest);
        Assert.Contains(latest, error.Message);
        var model = RegressionTask.Model();
        ModelCheckpointer.Safetensors(model).Load(latest);
        Assert.All(TrainingRun.Flatten(model), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Should_leave_the_previous_checkpoint_loadable_When_a_checkpoint_write_fails_midway()
    {
        using var run = new TrainingRun();
        var data = RegressionTask.Data(64);
        var options = run.Options(maxSteps: 20) with { SaveSteps = 10 };

        // Given a model writer that crashes while writing the second checkpoint
        var model = RegressionTask.Model();
        var inner = ModelCheckpointer.Safetensors(model);
        int saves = 0;
        var faulty = inner with
        {
            Save = dir =>
            {
                inner.Save(dir);
                if (++saves == 2)
                    throw new IOException("disk full (injected)");
            },
        };

        // When training runs into the fault at step 20
        using (var trainer = new Trainer<Sample>(options, model, new RegressionTask(model), data,
                   checkpointer: faulty))
            Assert.Throws<IOException>(() => trainer.Run());

        // Then a half-written .tmp directory remains, but latest is step 10 and a resume from it completes
        Assert.True(Directory.Exists(Path.Combine(run.Dir, "checkpoint-000020.tmp")));
        Assert.EndsWith("checkpoint-000010", new CheckpointStore(run.Dir).Latest());
        var (resumed, _) = TrainingRun.Train(options with { ResumeFromCheckpoint = "latest" }, data, modelSeed: 5);
        Assert.Equal(20, resumed.CompletedSteps);
        Assert.False(Directory.Exists(Path.Combine(run.Dir, "checkpoint-000020.tmp")));
    }

    [Fact]
    public void Should_refuse_invalid_options_before_training_and_save_the_resolved_config_When_valid()
    {
        using var run = new TrainingRun();
        var model = RegressionTask.Model();
        var bad = run.Options() with { LearningRate = 0 };

        var error = Assert.Throws<PlumbException>(
            () => new Trainer<Sample>(bad, model, new RegressionTask(model), RegressionTask.Data(64)));

        Assert.Contains("learning_rate must be a positive number", error.Message);
        Assert.False(Directory.Exists(run.Dir));
        var (_, _) = TrainingRun.Train(run.Options(maxSteps: 2), RegressionTask.Data(64));
        var saved = TrainingOptionsLoader.LoadYaml(Path.Combine(run.Dir, "config.yaml"));
        Assert.Equal(run.Options(maxSteps: 2), saved);
    }

    [Fact]
    public void Should_refuse_to_start_When_asked_to_resume_a_run_with_no_checkpoint()
    {
        using var run = new TrainingRun();
        var model = RegressionTask.Model();
        var options = run.Options() with { ResumeFromCheckpoint = "latest" };

        var error = Assert.Throws<PlumbException>(
            () => new Trainer<Sample>(options, model, new RegressionTask(model), RegressionTask.Data(64)));

        Assert.Contains("holds no complete checkpoint", error.Message);
    }

    [Fact]
    public void Should_refuse_a_fresh_run_into_a_directory_that_holds_an_earlier_runs_checkpoints()
    {
        using var run = new TrainingRun();
        TrainingRun.Train(run.Options(maxSteps: 2), RegressionTask.Data(64));
        var model = RegressionTask.Model();

        var error = Assert.Throws<PlumbException>(() => new Trainer<Sample>(
            run.Options(maxSteps: 2), model, new RegressionTask(model), RegressionTask.Data(64)));

        Assert.Contains("already holds checkpoints of an earlier run (checkpoint-000002)", error.Message);
    }

    [Fact]
    public void Should_refuse_to_resume_with_another_effective_batch_size()
    {
        using var run = new TrainingRun();
        TrainingRun.Train(run.Options(maxSteps: 2), RegressionTask.Data(64));
        var model = RegressionTask.Model();
        var options = run.Options() with { ResumeFromCheckpoint = "latest", GradientAccumulationSteps = 1 };

        var error = Assert.Throws<PlumbException>(
            () => new Trainer<Sample>(options, model, new RegressionTask(model), RegressionTask.Data(64)));

        Assert.Contains("this checkpoint took 8 examples per step", error.Message);
    }

    [Fact]
    public void Should_keep_only_the_newest_checkpoints_When_save_total_limit_is_set()
    {
        using var run = new TrainingRun();
        var options = run.Options(maxSteps: 8) with { SaveSteps = 2, SaveTotalLimit = 2 };

        TrainingRun.Train(options, RegressionTask.Data(64));

        var steps = new CheckpointStore(run.Dir).List().Select(c => c.Step);
        Assert.Equal([6, 8], steps);
    }

    [Fact]
    public void Should_log_the_scheduled_learning_rate_at_every_step()
    {
        using var run = new TrainingRun();

        // Given warmup 2 then linear decay over 10 steps at peak 1e-2
        var options = run.Options(maxSteps: 10);
        var (result, _) = TrainingRun.Train(options, RegressionTask.Data(64));

        // Then step k used lr(k-1): 0, 5e-3, 1e-2, then 1e-2·(1 − (k−3)/8)
        double[] expected = [0, 5e-3, 1e-2, 8.75e-3, 7.5e-3, 6.25e-3, 5e-3, 3.75e-3, 2.5e-3, 1.25e-3];
        var logged = result.History.Select(r => r.Values["learning_rate"]).ToArray();
        Assert.Equal(expected.Length, logged.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], logged[i], 12);
    }

    [Fact]
    public void Should_keep_the_live_tensor_count_flat_over_200_steps()
    {
        using var run = new TrainingRun();
        var counts = new List<long>();
        var observer = new RecordingObserver
        {
            OnStepDone = _ => counts.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount),
        };
        var options = run.Options(maxSteps: 200) with { LoggingSteps = 10, EvalSteps = 25, SaveSteps = 50 };

        // When 200 steps run, with logging, evaluation and checkpoints on the way
        var model = RegressionTask.Model();
        using (var trainer = new Trainer<Sample>(options, model, new RegressionTask(model),
                   RegressionTask.Data(64), RegressionTask.Data(8, seed: 3), observer))
            trainer.Run();

        // Then the count after every step equals the count after the first: nothing accumulates
        Assert.Equal(200, counts.Count);
        Assert.Equal(counts[0], counts.Max());
        Assert.Equal(counts[0], counts.Min());
    }
}
