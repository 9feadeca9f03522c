using Plumb.Data;
using Plumb.Models;
using Plumb.Objectives;
using Plumb.Tests.Fixtures;
using Plumb.Tokenization;
using Plumb.Training;
using Plumb.Training.Reference;
using Plumb.Training.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Tests.Training.Tasks;

[Collection(Plumb.Tests.Training.TorchGlobalStateCollection.Name)]
public sealed class PreferenceTrainingTests
{
    private static PreferenceDataset<TokenizedPair> Data(int count, string dir) =>
        PreferenceDataset.LoadPairs(TinyRun.WriteData(Path.Combine(dir, "data.jsonl"), count), new DataOptions(),
            HfTokenizer.Load(TinyRun.Model));

    private static TrainingOptions Options(string dir, int steps) => new()
    {
        LearningRate = 1e-3,
        PerDeviceTrainBatchSize = 4,
        MaxSteps = steps,
        LoggingSteps = 1,
        SaveSteps = 0,
        OutputDir = dir,
    };

    private static List<double> Losses(IReferenceLogProbs reference, IReadOnlyList<TokenizedPair> train, string dir)
    {
        using var policy = ModelLoader.Load(TinyRun.Model, CPU);
        var task = new PreferenceTask(policy, CompositeObjective.Parse("sigmoid"), reference, padId: 0);
        using var trainer = new Trainer<TokenizedPair>(Options(dir, 6), policy, task, train);
        using var oneThread = TinyRun.OneThread();
        return trainer.Run().History.Select(r => r.Get("loss")!.Value).ToList();
    }

    [Fact]
    public void Should_give_the_live_losses_When_the_reference_log_probs_are_precomputed()
    {
        // Given 40 pairs and their reference log-probs scored once into a file
        string dir = TinyModels.TempDir("precomputed");
        var data = Data(40, dir);
        using (var model = ModelLoader.Load(TinyRun.Model, CPU))
        {
            var scores = ReferenceScorer.Score(model, data.Train, batchSize: 7, padId: 0).ToList();
            var fingerprint = ReferenceFingerprint.Compute(TinyRun.Model, Path.Combine(dir, "data.jsonl"),
                new DataOptions());
            ReferenceScoreFile.Write(Path.Combine(dir, "ref.jsonl"), fingerprint, "m", "d", scores);
        }

        // When six DPO steps run with a live frozen reference, and again with the file
        using var live = FrozenReference.Load(TinyRun.Model, CPU);
        var liveLosses = Losses(live, data.Train, Path.Combine(dir, "live"));
        var fingerprintNow = ReferenceFingerprint.Compute(TinyRun.Model, Path.Combine(dir, "data.jsonl"),
            new DataOptions());
        using var file = PrecomputedReference.Open(Path.Combine(dir, "ref.jsonl"), fingerprintNow);
        var fileLosses = Losses(file, data.Train, Path.Combine(dir, "file"));

        // Then every step's loss agrees within 1e-5 (batches of 7 pad differently from batches of 4)
        Assert.Equal(6, liveLosses.Count);
        Assert.All(liveLosses.Zip(fileLosses), p => Assert.Equal(p.First, p.Second, 1e-5));
        Assert.True(liveLosses[^1] < liveLosses[0], "the run should learn: the loss must fall");
    }

    [Fact]
    public void Should_keep_the_live_tensor_count_flat_When_dpo_trains_for_200_steps()
    {
        // Given DPO with a frozen reference on a tiny model
        string dir = TinyModels.TempDir("leak");
        var data = Data(8, dir);
        using var policy = ModelLoader.Load(TinyRun.Model, CPU);
        using var reference = FrozenReference.Load(TinyRun.Model, CPU);
        var task = new PreferenceTask(policy, CompositeObjective.Parse("sigmoid,sft"), reference, padId: 0);
        var counter = new LiveTensorCounter();
        var options = Options(Path.Combine(dir, "run"), 200) with { LoggingSteps = 10, PerDeviceTrainBatchSize = 2 };
        using var trainer = new Trainer<TokenizedPair>(options, policy, task, data.Train, observer: counter);

        // When 200 steps run
        using (TinyRun.OneThread())
            trainer.Run();

        // Then the live tensors after step 20 (optimizer state and metric sums allocated) equal those at 200
        Assert.Equal(200, counter.Counts.Count);
        Assert.Equal(counter.Counts[19], counter.Counts[199]);
    }

    [Fact]
    public void Should_copy_the_policy_into_the_reference_When_tr_dpo_syncs_with_alpha_1()
    {
        // Given DPO with TR-DPO syncing every 2 steps with alpha 1 (a plain copy)
        string dir = TinyModels.TempDir("trdpo");
        var data = Data(8, dir);
        using var policy = ModelLoader.Load(TinyRun.Model, CPU);
        using var reference = FrozenReference.Load(TinyRun.Model, CPU);
        var task = new PreferenceTask(policy, CompositeObjective.Parse("sigmoid"), reference, 0,
            new ReferenceSync(Every: 2, Alpha: 1.0));
        using var trainer = new Trainer<TokenizedPair>(Options(Path.Combine(dir, "run"), 2), policy, task,
            data.Train);

        // When two steps run (the policy moves away from the start, then is copied)
        trainer.Run();

        // Then the reference holds the policy's weights, and the checkpoint holds the reference too
        Assert.Equal(Plumb.Tests.Training.TrainingRun.Flatten(policy),
            Plumb.Tests.Training.TrainingRun.Flatten(reference.Model));
        Assert.True(File.Exists(Path.Combine(dir, "run", "checkpoint-000002", "task", "reference",
            "model.safetensors")));
    }

    [Fact]
    public void Should_restore_bco_running_mean_When_the_state_is_saved_and_loaded()
    {
        // Given BCO after one training batch (its reward mean has absorbed 4 rewards)
        using var policy = ModelLoader.Load(TinyModels.WriteLlama(TinyModels.TempDir(), seed: 1), CPU);
        using var reference = new FrozenReference(
            ModelLoader.Load(TinyModels.WriteLlama(TinyModels.TempDir(), seed: 7), CPU), "seed 7");
        var bco = ObjectiveRegistry.CreateUnpaired("bco");
        var task = new UnpairedTask(policy, bco, reference, 0);
        using (NewDisposeScope())
            task.Forward(TaskData.Unpaired);
        string dir = TinyModels.TempDir("state");

        // When it is saved and a fresh task loads it
        task.SaveState(dir);
        var restored = new UnpairedTask(policy, bco, reference, 0);
        restored.LoadState(dir);

        // Then the running mean and its count are the same
        Assert.Equal(4.0, task.State.MeanOf("bco").Count);
        Assert.Equal(task.State.MeanOf("bco"), restored.State.MeanOf("bco"));
    }

    private sealed class LiveTensorCounter : ITrainingObserver
    {
        public List<long> Counts { get; } = [];

        public void OnStep(int step, int totalSteps) =>
            Counts.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
