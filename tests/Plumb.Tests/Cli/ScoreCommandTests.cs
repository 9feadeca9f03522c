using System.Text.Json;
using Plumb.Data;
using Plumb.Models;
using Plumb.Tests.Fixtures;
using Plumb.Tests.Training.Tasks;
using Plumb.Tokenization;
using static Plumb.Tests.Cli.TrainCommandTests;

namespace Plumb.Tests.Cli;

[Collection(Plumb.Tests.Training.TorchGlobalStateCollection.Name)]
public sealed class ScoreCommandTests
{
    [Fact]
    public void Should_write_a_fingerprint_then_each_pairs_summed_log_probs_When_scoring()
    {
        // Given six pairs
        string dir = TinyModels.TempDir("score");
        string data = TinyRun.WriteData(Path.Combine(dir, "data.jsonl"), 6);
        string output = Path.Combine(dir, "ref.jsonl");

        // When they are scored in batches of 4
        var (code, stdout, stderr) = Run("score", "--model", TinyRun.Model, "--data", data, "--out", output,
            "--batch-size", "4");

        // Then line 1 is the header and each later line matches log-softmax summed by hand over the completion
        Assert.True(code == 0, stdout + stderr);
        var lines = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal("plumb-ref-logps/1", lines[0].GetProperty("format").GetString());
        Assert.Equal(7, lines.Count);
        var pairs = PreferenceDataset.LoadPairs(data, new DataOptions(), HfTokenizer.Load(TinyRun.Model)).Train
            .ToDictionary(p => p.Id);
        using var model = ModelLoader.Load(TinyRun.Model, TorchSharp.torch.CPU);
        foreach (var row in lines.Skip(1))
        {
            var pair = pairs[row.GetProperty("id").GetString()!];
            Assert.Equal(HandScores.Sum(model, pair.Prompt, pair.Chosen),
                row.GetProperty("chosen_logps").GetDouble(), 1e-4);
            Assert.Equal(HandScores.Sum(model, pair.Prompt, pair.Rejected),
                row.GetProperty("rejected_logps").GetDouble(), 1e-4);
            Assert.Equal(pair.Rejected.Length, row.GetProperty("rejected_tokens").GetInt32());
        }
        Assert.Contains("scored 6 pairs", stdout);
    }

    [Fact]
    public void Should_say_what_differs_When_ref_logps_were_scored_on_other_data()
    {
        // Given log-probs scored on one data file, and a second file with different records
        string dir = TinyModels.TempDir("score");
        string scored = TinyRun.WriteData(Path.Combine(dir, "a.jsonl"), 8, seed: 1);
        string other = TinyRun.WriteData(Path.Combine(dir, "b.jsonl"), 8, seed: 2);
        string file = Path.Combine(dir, "ref.jsonl");
        Assert.Equal(0, Run("score", "--model", TinyRun.Model, "--data", scored, "--out", file).Code);

        // When training on the other file reads them
        var (code, _, error) = Run("train", "dpo", "--model", TinyRun.Model, "--data", other,
            "--output", Path.Combine(dir, "out"), "--ref-logps", file, "--max-steps", "1");

        // Then the error names what changed and how to recompute
        Assert.Equal(1, code);
        Assert.Contains("the data file's contents changed", error);
        Assert.Contains("Recompute them with plumb score", error);
        Assert.DoesNotContain("model's files", error);
    }
}
