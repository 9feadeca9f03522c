using System.Text.Json;
using System.Text.Json.Nodes;
using Plumb.Models;
using Plumb.Tests.Fixtures;
using Plumb.Tests.Training.Tasks;
using static Plumb.Tests.Cli.TrainCommandTests;

namespace Plumb.Tests.Cli;

[Collection(Plumb.Tests.Training.TorchGlobalStateCollection.Name)]
public sealed class TrainRewardTests
{
    [Fact]
    public void Should_rank_held_out_pairs_and_save_a_sequence_classifier_When_a_reward_model_trains()
    {
        // Given 120 synthetic pairs whose chosen answer ends in "yes" and rejected in "no", 20 held out
        string dir = TinyModels.TempDir("reward");
        string data = TinyRun.WriteData(Path.Combine(dir, "data.jsonl"), 120);
        string output = Path.Combine(dir, "out");

        // When a reward model trains for 30 steps with centring
        var (code, stdout, stderr) = Run("train", "reward", "--model", TinyRun.Model, "--data", data,
            "--output", output, "--max-steps", "30", "--learning-rate", "1e-3", "--per-device-train-batch-size", "8",
            "--eval-split", "20", "--logging-steps", "10", "--center-rewards-coefficient", "0.01");

        // Then held-out accuracy ends above 0.9, logged under TRL's RewardTrainer names
        Assert.True(code == 0, stdout + stderr);
        var evals = File.ReadLines(Path.Combine(output, "metrics.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(row => row.TryGetProperty("eval_accuracy", out _)).ToList();
        Assert.True(evals[^1].GetProperty("eval_accuracy").GetDouble() > 0.9, stdout);
        foreach (string name in new[] { "eval_margin", "eval_min_reward", "eval_mean_reward", "eval_max_reward" })
            Assert.True(evals[^1].TryGetProperty(name, out _), name);
        Assert.Contains("| accuracy ", stdout);
        Assert.Contains("center_rewards_coefficient: 0.01", File.ReadAllText(Path.Combine(output, "run.yaml")));

        // And the run directory is a one-label sequence classifier that loads back as a reward model
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "config.json")))!;
        Assert.Equal("LlamaForSequenceClassification", config["architectures"]![0]!.GetValue<string>());
        Assert.NotNull(config["pad_token_id"]);
        using var model = ModelLoader.Load(output, TorchSharp.torch.CPU);
        Assert.True(model.Config.IsRewardModel);
        Assert.True(File.Exists(Path.Combine(output, "tokenizer.json")));
    }

    [Theory]
    [InlineData("--use-peft", "Remove --use-peft")]
    [InlineData("--loss", "remove --loss sigmoid")]
    [InlineData("--track-displacement", "a reward model has none")]
    public void Should_refuse_what_a_reward_run_cannot_do(string option, string expected)
    {
        string data = TinyRun.WriteData(Path.Combine(TinyModels.TempDir("reward-bad"), "data.jsonl"), 16);
        string[] extra = option == "--loss" ? [option, "sigmoid"] : [option];

        var (code, _, error) = Run(["train", "reward", "--model", TinyRun.Model, "--data", data,
            "--output", Path.Combine(TinyModels.TempDir("reward-bad"), "out"), .. extra]);

        Assert.Equal(1, code);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Should_refuse_a_margin_column_rather_than_ignore_it()
    {
        string data = Path.Combine(TinyModels.TempDir("reward-margin"), "data.jsonl");
        File.WriteAllText(data,
            """{"prompt": "Say yes.", "chosen": " yes", "rejected": " no", "margin": 0.5}""" + "\n");

        var (code, _, error) = Run("train", "reward", "--model", TinyRun.Model, "--data", data,
            "--output", Path.Combine(TinyModels.TempDir("reward-margin"), "out"));

        Assert.Equal(1, code);
        Assert.Contains("data.jsonl line 1: the data has a 'margin' column", error);
    }

    [Fact]
    public void Should_refuse_centring_When_the_method_is_not_reward()
    {
        string data = TinyRun.WriteData(Path.Combine(TinyModels.TempDir("reward-bad"), "data.jsonl"), 16);

        var (code, _, error) = Run("train", "dpo", "--model", TinyRun.Model, "--data", data,
            "--center-rewards-coefficient", "0.01");

        Assert.Equal(1, code);
        Assert.Contains("center_rewards_coefficient applies to plumb train reward only", error);
    }
}
