using System.Text.Json;
using Plumb.Training;

namespace Plumb.Tests.Training;

[Collection(TorchGlobalStateCollection.Name)]
public sealed class MetricsOutputTests
{
    [Fact]
    public void Should_write_trl_keys_per_logging_step_and_eval_rows_prefixed_eval()
    {
        using var run = new TrainingRun();
        var sink = MetricsJsonlSink.InRunDirectory(run.Dir);
        var plots = new PlotWriter(Path.Combine(run.Dir, "plots"));
        var options = run.Options(maxSteps: 6) with { LoggingSteps = 2, EvalSteps = 3 };

        // When a 6-step run logs every 2 steps and evaluates every 3 (and at the end)
        var model = RegressionTask.Model();
        using (var trainer = new Trainer<Sample>(options, model, new RegressionTask(model),
                   RegressionTask.Data(64), RegressionTask.Data(10, seed: 3, prefix: "eval"),
                   new CompositeObserver(sink, plots)))
            trainer.Run();

        // Then metrics.jsonl holds train rows at 2, 4, 6 and eval rows at 3, 6, with TRL's names
        var rows = File.ReadLines(sink.Path).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var train = rows.Where(r => r.TryGetProperty("loss", out _)).ToList();
        var eval = rows.Where(r => r.TryGetProperty("eval_loss", out _)).ToList();
        Assert.Equal([2, 4, 6], train.Select(r => r.GetProperty("step").GetInt32()));
        Assert.Equal([3, 6], eval.Select(r => r.GetProperty("step").GetInt32()));
        string[] trainKeys =
        [
            "step", "loss", "grad_norm", "learning_rate", "rewards/margins", "rewards/accuracies", "epoch",
            "tokens_per_second", "peak_memory_mb",
        ];
        Assert.Equal(trainKeys, train[0].EnumerateObject().Select(p => p.Name));
        string[] evalKeys =
            ["step", "eval_loss", "eval_rewards/margins", "eval_rewards/accuracies", "eval_runtime", "epoch"];
        Assert.Equal(evalKeys,
            eval[0].EnumerateObject().Select(p => p.Name));

        // And the tokens: 8 examples × 4 features × 2 steps in the interval
        Assert.True(train[0].GetProperty("tokens_per_second").GetDouble() > 0);
        Assert.Equal(0.25, train[0].GetProperty("epoch").GetDouble());

        // And the plots exist and are not empty (loss, margins, accuracies, learning rate; no logps logged)
        Assert.Equal(["loss.png", "rewards_margins.png", "rewards_accuracies.png", "learning_rate.png"],
            plots.Written.Select(Path.GetFileName));
        Assert.All(plots.Written, p => Assert.True(new FileInfo(p).Length > 1000));
    }

    [Fact]
    public void Should_average_metrics_over_the_interval_weighting_scalars_by_their_micro_batch()
    {
        using var accumulator = new MetricsAccumulator();

        // Per-example values [1, 2, 3] and a scalar mean 10 standing for 2 examples
        accumulator.Add("m", TorchSharp.torch.tensor(new[] { 1f, 2f, 3f }), batchSize: 3);
        accumulator.Add("m", TorchSharp.torch.tensor(10f), batchSize: 2);

        // (1 + 2 + 3 + 10·2) / 5 = 26/5 = 5.2
        Assert.Equal(5.2, accumulator.TakeMeans()["m"], 12);
        Assert.Empty(accumulator.TakeMeans());
    }

    [Fact]
    public void Should_drop_rows_after_the_checkpoint_When_the_run_resumes()
    {
        using var run = new TrainingRun();
        var sink = MetricsJsonlSink.InRunDirectory(run.Dir);
        Directory.CreateDirectory(run.Dir);
        foreach (int step in new[] { 1, 2, 3, 4 })
            sink.OnLog(new MetricsRecord(step, 10, new Dictionary<string, double> { ["loss"] = step }));

        sink.OnResume(2, "checkpoint-000002");

        Assert.Equal(["{\"step\":1,\"loss\":1}", "{\"step\":2,\"loss\":2}"], File.ReadLines(sink.Path));
    }
}
