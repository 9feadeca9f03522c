using System.Text.Json.Nodes;
using Plumb.Data;
using Plumb.Diagnostics;
using Plumb.Models;
using Plumb.Scoring;
using Plumb.Tests.Fixtures;
using Plumb.Tests.Training;
using Plumb.Training;
using static TorchSharp.torch;

namespace Plumb.Tests.Diagnostics;

[Collection(TorchGlobalStateCollection.Name)]
public sealed class TrainingDiagnosticsTests
{
    [Fact]
    public void Should_WriteARowAtStartAndAtEveryLoggingStep_When_AttachedToATrainer()
    {
        // Given 8 pairs, a probe of 3 of them, and a task whose loss has no gradient (the model never changes)
        string dir = TinyModels.WriteLlama(TinyModels.TempDir("trainer-diag"), seed: 6);
        using var model = ModelLoader.Load(dir, CPU);
        var pairs = Enumerable.Range(0, 8)
            .Select(i => new TokenizedPair($"d.jsonl:{i + 1}", [1, 3 + i], [20 + i, 2], [40 + i])).ToList();
        var warnings = new List<string>();
        var observer = TrainingDiagnostics.ForExamples(model, pairs, pairs.Take(2).ToList(), 0, warnings.Add,
            probeSize: 3, seed: 1);
        string run = TinyModels.TempDir("trainer-run");
        var options = new TrainingOptions
        {
            OutputDir = run, MaxSteps = 4, LoggingSteps = 2, PerDeviceTrainBatchSize = 2, SaveSteps = 0,
        };

        // When the trainer runs 4 steps, logging every 2
        using (var trainer = new Trainer<TokenizedPair>(options, model, new FrozenTask(model), pairs,
                   observer: new CompositeObserver(observer!)))
            trainer.Run();

        // Then diagnostics.jsonl holds the baseline and steps 2 and 4, with no change and no warning
        var rows = File.ReadAllLines(Path.Combine(run, "diagnostics.jsonl"))
            .Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal([0, 2, 4], rows.Select(r => (int)r["step"]!));
        Assert.Equal(3, ((JsonArray)rows[0]["probe_ids"]!).Count);
        Assert.All(rows.Skip(1), r => Assert.Equal(0.0, (double)r["chosen_change"]!, 9));
        Assert.NotNull(rows[^1]["topk_mass"]);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Should_ReturnNull_When_TheExamplesAreNotPairs()
    {
        using var model = ModelLoader.Load(TinyModels.WriteLlama(TinyModels.TempDir("unpaired")), CPU);
        var unpaired = new List<TokenizedUnpaired> { new("u:1", [1, 2], [3], true) };

        Assert.Null(TrainingDiagnostics.ForExamples(model, unpaired, null, 0, _ => { }));
    }

    // Loss 0 * log pi(chosen): a graph with zero gradient, so AdamW leaves every weight as it was.
    private sealed class FrozenTask(CausalLM model) : ITrainingTask<TokenizedPair>
    {
        public TaskOutput Forward(IReadOnlyList<TokenizedPair> batch)
        {
            using var pairs = PairBatch.Create(PairScorer.Triples(batch), 0);
            var (chosen, _) = pairs.Compute(model);
            return new TaskOutput(chosen.Sums * 0, new Dictionary<string, Tensor>(), 0);
        }

        public string IdOf(TokenizedPair example) => example.Id;
    }
}
