using System.Text.Json.Nodes;
using Plumb.Data;
using Plumb.Diagnostics;
using Plumb.Models;
using Plumb.Scoring;
using Plumb.Tests.Fixtures;
using Plumb.Training;
using static TorchSharp.torch;

namespace Plumb.Tests.Diagnostics;

public sealed class DiagnosticsObserverTests
{
    // Single-token responses: with only lm_head trained, one SGD step on pc + 2 pr moves the logits of the
    // chosen token by -lr |h|^2 (1 - 3 p_c) and of the rejected by -lr |h|^2 (2 - 3 p_r), so while both
    // probabilities are small the chosen log-prob falls and the margin grows by lr |h|^2 (1 + 3 p_c - 3 p_r).
    private static readonly List<TokenizedPair> Probe =
    [
        new("a.jsonl:1", [1, 5, 6], [10], [11]),
        new("a.jsonl:2", [1, 7, 8, 9], [12], [13]),
        new("a.jsonl:3", [1, 20], [14], [15]),
        new("a.jsonl:4", [1, 21, 22], [16], [17]),
    ];

    private static readonly List<(int[] Prompt, int[] Completion)> HeldOut = [([1, 30, 31], [32, 33, 34])];

    [Fact]
    public void Should_WarnOnceInPlainWords_When_TrainingPushesTheChosenDownWhileTheMarginGrows()
    {
        // Given an observer on a tiny model
        var (model, runDir, observer, warnings) = Start();
        using var _ = model;

        // When five steps lower both log-probs, the rejected faster
        for (int step = 1; step <= 5; step++)
        {
            Descend(model, learningRate: 0.02);
            observer.OnLog(new MetricsRecord(step, 5, new Dictionary<string, double>()));
        }

        // Then one displacement warning names the probe's CHES suspects, and each step is a row
        var rows = Rows(runDir);
        Assert.Equal(6, rows.Count);
        var last = rows[^1];
        Assert.True((double)last["chosen_change"]! < 0, "precondition: the chosen log-prob fell");
        Assert.True((double)last["margin_change"]! > 0, "precondition: the margin grew");
        Assert.Equal(1.0, (double)last["fraction_chosen_fell"]!);
        var displacement = warnings.Where(w => w.StartsWith("Likelihood displacement", StringComparison.Ordinal))
            .ToList();
        Assert.Single(displacement);
        Assert.Contains("the chosen responses have become less likely (mean log-prob", displacement[0]);
        Assert.Contains("The probe pairs with the largest CHES are a.jsonl:", displacement[0]);
        Assert.Equal(displacement[0], (string)rows[1]["warnings"]![0]!);
        Assert.NotNull(last["topk_entropy"]);
        var shifts = (JsonArray)last["token_shifts"]!;
        Assert.Equal(5, shifts.Count);
        Assert.DoesNotContain((long)shifts[0]!["token"]!, new long[] { 10, 11, 12, 13, 14, 15, 16, 17 });
    }

    [Fact]
    public void Should_NotWarn_When_TheModelDoesNotChange()
    {
        var (model, runDir, observer, warnings) = Start();
        using var _ = model;

        for (int step = 1; step <= 4; step++)
            observer.OnLog(new MetricsRecord(step, 4, new Dictionary<string, double>()));

        Assert.Empty(warnings);
        var rows = Rows(runDir);
        Assert.Equal(5, rows.Count);
        Assert.All(rows, r => Assert.Equal(0.0, (double)r["chosen_change"]!));
        Assert.Equal(4, ((JsonArray)rows[0]["chosen"]!).Count);

        // And the top-k entropy is TopKDiversity's on logits of the held-out sequence computed here
        var (prompt, completion) = HeldOut[0];
        using var noGrad = no_grad();
        var ids = tensor(prompt.Concat(completion).Select(i => (long)i).ToArray()).unsqueeze(0);
        var logits = model.forward(ids)[0].narrow(0, prompt.Length - 1, completion.Length);
        var expected = TopKDiversity.Measure(logits);
        Assert.Equal(expected.EntropyBits, (double)rows[0]["topk_entropy"]!, 5); // fp32 logits
        Assert.Equal(expected.Mass, (double)rows[0]["topk_mass"]!, 5);
    }

    [Fact]
    public void Should_KeepTheStepZeroBaselineAndDropLaterRows_When_ResumingFromAnEarlierStep()
    {
        // Given a run that logged steps 1 to 3 after training moved the chosen log-probs
        var (model, runDir, observer, _) = Start();
        using var _ = model;
        for (int step = 1; step <= 3; step++)
        {
            Descend(model, learningRate: 0.02);
            observer.OnLog(new MetricsRecord(step, 5, new Dictionary<string, double>()));
        }
        double changeAtStep2 = (double)Rows(runDir)[2]["chosen_change"]!;

        // When a new observer resumes at step 2 (same weights as step 3 here, which is fine for the check)
        var resumed = new DiagnosticsObserver(model, new ProbeSet(Probe, 0, HeldOut), _ => { });
        var options = new TrainingOptions { OutputDir = runDir, MaxSteps = 5, PerDeviceTrainBatchSize = 1 };
        resumed.OnStart(TrainingPlan.Create(options, 4, 0) with { StartStep = 2 });
        resumed.OnLog(new MetricsRecord(4, 5, new Dictionary<string, double>()));

        // Then rows 0..2 survive, step 3 is gone, and step 4 is measured against step 0, not the resume step
        var rows = Rows(runDir);
        Assert.Equal([0, 1, 2, 4], rows.Select(r => (int)r["step"]!));
        Assert.Equal(changeAtStep2, (double)rows[2]["chosen_change"]!);
        Assert.True((double)rows[3]["chosen_change"]! < changeAtStep2, "step 4 keeps the step-0 baseline");
    }

    private static (CausalLM, string, DiagnosticsObserver, List<string>) Start()
    {
        string dir = TinyModels.WriteLlama(TinyModels.TempDir("observer"), seed: 5);
        var model = ModelLoader.Load(dir, CPU);
        var warnings = new List<string>();
        var observer = new DiagnosticsObserver(model, new ProbeSet(Probe, 0, HeldOut), warnings.Add);
        string runDir = TinyModels.TempDir("run");
        var options = new TrainingOptions { OutputDir = runDir, MaxSteps = 5, PerDeviceTrainBatchSize = 1 };
        observer.OnStart(TrainingPlan.Create(options, trainExamples: 4, evalExamples: 0));
        return (model, runDir, observer, warnings);
    }

    // One SGD step on lm_head.weight against sum(pc + 2 pr).
    private static void Descend(CausalLM model, double learningRate)
    {
        using var scope = NewDisposeScope();
        var head = model.named_parameters().Single(p => p.name == "lm_head.weight").parameter;
        using var batch = PairBatch.Create(PairScorer.Triples(Probe), 0);
        var (chosen, rejected) = batch.Compute(model);
        var loss = chosen.Sums.sum() + 2 * rejected.Sums.sum();
        var gradient = autograd.grad([loss], [head])[0];
        using (no_grad())
            head.sub_(gradient * learningRate);
    }

    private static List<JsonObject> Rows(string runDir) =>
        File.ReadAllLines(Path.Combine(runDir, "diagnostics.jsonl")).Select(l => JsonNode.Parse(l)!.AsObject())
            .ToList();
}
