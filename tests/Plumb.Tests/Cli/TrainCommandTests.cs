using System.Text.Json;
using Plumb.Cli;
using Plumb.Tests.Fixtures;
using Plumb.Tests.Training.Tasks;

namespace Plumb.Tests.Cli;

[Collection(Plumb.Tests.Training.TorchGlobalStateCollection.Name)]
public sealed class TrainCommandTests
{
    [Fact]
    public void Should_reach_held_out_accuracy_above_0_9_and_save_a_loadable_model_When_dpo_trains()
    {
        // Given 120 synthetic pairs whose chosen answer ends in "yes" and rejected in "no", 20 held out
        string dir = TinyModels.TempDir("train");
        string data = TinyRun.WriteData(Path.Combine(dir, "data.jsonl"), 120);
        string output = Path.Combine(dir, "out");

        // When DPO trains for 30 steps
        var (code, stdout, stderr) = Run("train", "dpo", "--model", TinyRun.Model, "--data", data,
            "--output", output, "--max-steps", "30", "--learning-rate", "1e-3", "--per-device-train-batch-size", "8",
            "--eval-split", "20", "--logging-steps", "10", "--beta", "0.1");

        // Then the last evaluation ranks more than 90% of held-out pairs right (all rewards are 0 at step 0)
        Assert.True(code == 0, stdout + stderr);
        var evals = File.ReadLines(Path.Combine(output, "metrics.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(row => row.TryGetProperty("eval_rewards/accuracies", out _)).ToList();
        Assert.Equal(3, evals.Count);
        Assert.True(evals[^1].GetProperty("eval_rewards/accuracies").GetDouble() > 0.9, stdout);
        Assert.Contains("step 10/30 | loss", stdout);
        Assert.Contains("reference: frozen copy of", stdout);

        // And the run directory is a model with its tokenizer, config, recipe and plots
        foreach (string file in new[] { "config.json", "model.safetensors", "tokenizer.json", "run.yaml" })
            Assert.True(File.Exists(Path.Combine(output, file)), file);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(output, "plots"), "*.png"));
        Assert.Contains("loss_type: sigmoid", File.ReadAllText(Path.Combine(output, "run.yaml")));

        // And plumb inspect and plumb score read it back
        var inspect = Run("inspect", output, "--device", "cpu");
        Assert.True(inspect.Code == 0, inspect.Out + inspect.Error);
        string scores = Path.Combine(dir, "scores.jsonl");
        var score = Run("score", "--model", output, "--data", data, "--out", scores);
        Assert.True(score.Code == 0, score.Out + score.Error);
        Assert.Equal(121, File.ReadLines(scores).Count());
    }

    [Fact]
    public void Should_reuse_the_cache_When_precompute_ref_runs_twice()
    {
        // Given a small data set and a private cache directory
        string dir = TinyModels.TempDir("precompute");
        string data = TinyRun.WriteData(Path.Combine(dir, "data.jsonl"), 16);
        string cache = Path.Combine(dir, "cache");
        string[] Args(string output) => ["train", "dpo", "--model", TinyRun.Model, "--data", data, "--output",
            output, "--max-steps", "2", "--per-device-train-batch-size", "4", "--precompute-ref",
            "--cache-dir", cache];

        // When two runs precompute the reference log-probs
        var first = Run(Args(Path.Combine(dir, "a")));
        var second = Run(Args(Path.Combine(dir, "b")));

        // Then the first scores and caches all 16 pairs, the second reads the same file
        Assert.True(first.Code == 0, first.Out + first.Error);
        Assert.Contains("reference: scored 16 pairs", first.Out);
        Assert.True(second.Code == 0, second.Out + second.Error);
        Assert.Contains("reference: reusing cached log-probs", second.Out);
        Assert.Single(Directory.GetFiles(Path.Combine(cache, "ref-logps"), "*.jsonl"));
    }

    [Theory]
    [InlineData("sft", "reference:")]
    [InlineData("simpo", "reference: none (the loss is reference-free)")]
    [InlineData("kto", "reference: frozen copy of")]
    public void Should_train_and_save_When_the_method_is(string method, string referenceLine)
    {
        // Given 16 records: pairs, or for KTO each pair split into a desirable and an undesirable row
        string dir = TinyModels.TempDir(method);
        string data = TinyRun.WriteData(Path.Combine(dir, "data.jsonl"), 16);
        if (method == "kto")
            File.WriteAllLines(data, File.ReadAllLines(data).Select(l => JsonDocument.Parse(l)).SelectMany(d => new[]
            {
                Unpaired(d, "chosen", true), Unpaired(d, "rejected", false),
            }).ToList());
        string output = Path.Combine(dir, "out");

        var (code, stdout, stderr) = Run("train", method, "--model", TinyRun.Model, "--data", data,
            "--output", output, "--max-steps", "2", "--per-device-train-batch-size", "4", "--logging-steps", "1");

        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("step 2/2 | loss", stdout);
        if (method == "sft")
            Assert.DoesNotContain(referenceLine, stdout);
        else
            Assert.Contains(referenceLine, stdout);
        Assert.True(File.Exists(Path.Combine(output, "model.safetensors")));
    }

    [Fact]
    public void Should_render_conversations_with_the_models_chat_template_When_the_data_is_conversational()
    {
        // Given pairs as message lists, and a model whose tokenizer_config.json carries a ChatML template
        string dir = TinyModels.TempDir("chat");
        string data = Path.Combine(dir, "chat.jsonl");
        File.WriteAllLines(data, TinyRun.Records(8, seed: 5).Select(r => JsonSerializer.Serialize(new
        {
            prompt = new[] { new { role = "user", content = r.Prompt } },
            chosen = new[] { new { role = "assistant", content = r.Chosen } },
            rejected = new[] { new { role = "assistant", content = r.Rejected } },
        })));

        // When DPO trains on them, and the pairs are scored with the built-in ChatML template named
        var (code, stdout, stderr) = Run("train", "dpo", "--model", TinyRun.Model, "--data", data,
            "--output", Path.Combine(dir, "out"), "--max-steps", "1", "--per-device-train-batch-size", "4");
        var score = Run("score", "--model", TinyRun.Model, "--data", data, "--out", Path.Combine(dir, "s.jsonl"),
            "--chat-template", "chatml");

        // Then both read all 8 records as conversations
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("examples: 8 train, 0 eval", stdout);
        Assert.True(score.Code == 0, score.Out + score.Error);
        Assert.Contains("scored 8 pairs", score.Out);
    }

    [Fact]
    public void Should_continue_from_the_checkpoint_When_resumed_from_the_saved_recipe()
    {
        // Given a 2-step DPO run
        string dir = TinyModels.TempDir("resume");
        string data = TinyRun.WriteData(Path.Combine(dir, "data.jsonl"), 16);
        string output = Path.Combine(dir, "out");
        var first = Run("train", "dpo", "--model", TinyRun.Model, "--data", data, "--output", output,
            "--max-steps", "2", "--per-device-train-batch-size", "4");
        Assert.True(first.Code == 0, first.Out + first.Error);

        // When its saved recipe is run again for 4 steps with --resume
        var second = Run("train", "dpo", "--config", Path.Combine(output, "run.yaml"), "--max-steps", "4",
            "--resume", "--logging-steps", "1");

        // Then it starts after step 2 and ends at step 4
        Assert.True(second.Code == 0, second.Out + second.Error);
        Assert.Contains("(step 2)", second.Out);
        Assert.Contains("step 4/4 | loss", second.Out);
        Assert.DoesNotContain("step 1/4", second.Out);
    }

    private static string Unpaired(JsonDocument pair, string field, bool label) =>
        JsonSerializer.Serialize(new
        {
            prompt = pair.RootElement.GetProperty("prompt").GetString(),
            completion = pair.RootElement.GetProperty(field).GetString(),
            label,
        });

    [Fact]
    public void Should_list_the_registered_losses_When_the_loss_is_unknown()
    {
        var (code, _, error) = Run("train", "dpo", "--model", TinyRun.Model, "--data", "d.jsonl", "--loss", "sigmod");

        Assert.Equal(1, code);
        Assert.Contains("Unknown objective 'sigmod'", error);
        Assert.Contains("sigmoid, robust, ipo", error);
    }

    [Fact]
    public void Should_say_how_to_give_the_model_When_model_is_missing()
    {
        var (code, _, error) = Run("train", "dpo", "--data", "d.jsonl");

        Assert.Equal(1, code);
        Assert.Contains("error: --model is missing: give the starting model's directory as --model PATH", error);
    }

    [Fact]
    public void Should_name_file_line_and_key_When_the_recipe_has_a_typo()
    {
        // Given a recipe whose third line misspells learning_rate
        string recipe = Path.Combine(TinyModels.TempDir("recipe"), "dpo.yaml");
        File.WriteAllText(recipe, $"model: {TinyRun.Model}\nbeta: 0.1\nlearning_rat: 1e-5\n");

        var (code, _, error) = Run("train", "dpo", "--config", recipe, "--data", "d.jsonl");

        Assert.Equal(1, code);
        Assert.Contains($"{recipe}:3: unknown key 'learning_rat'. Did you mean learning_rate?", error);
    }

    [Fact]
    public void Should_refuse_ref_logps_When_the_loss_is_reference_free()
    {
        // (Decision: an error, since the file would never be read.)
        var (code, _, error) = Run("train", "simpo", "--model", TinyRun.Model, "--data", "d.jsonl",
            "--ref-logps", "ref.jsonl");

        Assert.Equal(1, code);
        Assert.Contains("--ref-logps was given, but loss 'simpo' is reference-free", error);
    }

    [Fact]
    public void Should_name_the_methods_When_the_method_is_unknown()
    {
        var (code, _, error) = Run("train", "dop", "--model", TinyRun.Model, "--data", "d.jsonl");

        Assert.Equal(1, code);
        Assert.Contains("Unknown method 'dop'. Use one of: dpo, ipo, simpo, orpo, cpo, sft, kto, bco, reward.", error);
    }

    internal static (int Code, string Out, string Error) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        using var oneThread = TinyRun.OneThread();
        int code = PlumbCli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
