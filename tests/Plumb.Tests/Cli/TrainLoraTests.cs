using System.Text.Json;
using Plumb.Models;
using Plumb.Models.Lora;
using Plumb.Tests.Fixtures;
using Plumb.Tests.Training.Tasks;
using Plumb.Training.Tasks;
using static TorchSharp.torch;

namespace Plumb.Tests.Cli;

[Collection(Plumb.Tests.Training.TorchGlobalStateCollection.Name)]
public sealed class TrainLoraTests
{
    [Fact]
    public void Should_train_only_the_adapters_and_save_them_beside_a_merged_model_When_use_peft_is_given()
    {
        // Given 16 pairs
        string dir = TinyModels.TempDir("lora-train");
        string data = TinyRun.WriteData(Path.Combine(dir, "data.jsonl"), 16);
        string output = Path.Combine(dir, "out");

        // When DPO trains LoRA adapters (no dropout, so a forward is deterministic) for 3 steps
        var run = Train(data, output, "--max-steps", "3", "--use-peft", "--lora-dropout", "0",
            "--learning-rate", "1e-2");

        // Then it says what it trains and uses the policy with its adapters off as the reference
        Assert.True(run.Code == 0, run.Out + run.Error);
        Assert.Contains("lora: r 16, alpha 32, dropout 0 on q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj",
            run.Out);
        Assert.Contains("reference: the policy's base weights with its LoRA adapters off", run.Out);
        Assert.DoesNotContain("reference: frozen copy of", run.Out);

        // And adapter/ holds PEFT's two files, with an A and a B per adapted projection of every layer
        string adapter = Path.Combine(output, "adapter");
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(adapter, "adapter_config.json"))).RootElement;
        Assert.Equal(16, config.GetProperty("r").GetInt32());
        Assert.Equal(32, config.GetProperty("lora_alpha").GetDouble());
        var names = SafetensorsFile.Open(Path.Combine(adapter, "adapter_model.safetensors"))
            .Entries.Select(e => e.Name).ToHashSet();
        using var baseModel = ModelLoader.Load(TinyRun.Model, CPU);
        int layers = baseModel.Config.NumLayers;
        Assert.Equal(layers * 7 * 2, names.Count);
        Assert.Contains("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight", names);
        Assert.Contains($"base_model.model.model.layers.{layers - 1}.mlp.down_proj.lora_B.weight", names);

        // And the merged model at OUT differs from the base only in the adapted projections
        using var merged = ModelLoader.Load(output, CPU);
        var before = baseModel.state_dict();
        foreach (var (name, tensor) in merged.state_dict())
        {
            bool adapted = name.EndsWith("_proj.weight", StringComparison.Ordinal);
            Assert.True(adapted != tensor.eq(before[name]).all().item<bool>(), name);
        }

        // And the base plus the saved adapters gives the merged model's logits: only the adapters were trained
        var lora = LoraModel.Attach(baseModel, new LoraOptions { Rank = 16, Alpha = 32 });
        AdapterCheckpointer.LoadInto(lora, adapter);
        baseModel.eval();
        merged.eval();
        using var ids = tensor(new long[] { 1, 5, 9, 2, 7, 3, 11, 4 }).view(1, 8);
        using var noGrad = no_grad();
        using var expected = baseModel.forward(ids);
        using var actual = merged.forward(ids);
        Assert.True(actual.allclose(expected, rtol: 1e-4, atol: 1e-5));

        // And plumb inspect reads the merged model
        var inspect = TrainCommandTests.Run("inspect", output, "--device", "cpu");
        Assert.True(inspect.Code == 0, inspect.Out + inspect.Error);
    }

    [Fact]
    public void Should_start_at_the_full_models_loss_When_adapters_start_at_zero()
    {
        // Given the same data and seed
        string dir = TinyModels.TempDir("lora-step1");
        string data = TinyRun.WriteData(Path.Combine(dir, "data.jsonl"), 8);

        // When one step trains the full model (frozen reference) and one trains LoRA (adapters-off reference)
        var full = Train(data, Path.Combine(dir, "full"), "--max-steps", "1");
        var lora = Train(data, Path.Combine(dir, "lora"), "--max-steps", "1", "--use-peft", "--lora-dropout", "0");

        // Then step 1 sees identical policy and reference log-probs (B = 0), so every logged value but the
        // gradient (taken over other parameters) agrees; the loss is ln 2 = 0.693147 since all margins are 0
        Assert.True(full.Code == 0 && lora.Code == 0, full.Out + full.Error + lora.Out + lora.Error);
        var a = FirstRow(Path.Combine(dir, "full"));
        var b = FirstRow(Path.Combine(dir, "lora"));
        Assert.Equal(Math.Log(2), a.GetProperty("loss").GetDouble(), 5);
        foreach (string key in new[] { "loss", "logps/chosen", "logps/rejected", "rewards/margins" })
            Assert.Equal(a.GetProperty(key).GetDouble(), b.GetProperty(key).GetDouble(), 6);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Should_log_the_same_loss_and_grad_norm_When_gradient_checkpointing_is_on(bool usePeft)
    {
        // Given the same data and seed
        string dir = TinyModels.TempDir("lora-ckpt");
        string data = TinyRun.WriteData(Path.Combine(dir, "data.jsonl"), 8);
        string[] peft = usePeft ? ["--use-peft", "--lora-dropout", "0"] : [];

        // When two steps run with and without recomputed activations
        var plain = Train(data, Path.Combine(dir, "plain"), ["--max-steps", "2", .. peft]);
        var recomputed = Train(data, Path.Combine(dir, "ckpt"), ["--max-steps", "2", "--gradient-checkpointing",
            .. peft]);

        // Then both steps log the same loss and gradient norm (recomputation changes memory, not values)
        Assert.True(plain.Code == 0 && recomputed.Code == 0, plain.Out + plain.Error + recomputed.Error);
        var a = Rows(Path.Combine(dir, "plain"));
        var b = Rows(Path.Combine(dir, "ckpt"));
        Assert.Equal(2, a.Count);
        for (int i = 0; i < 2; i++)
        {
            Assert.True(a[i].GetProperty("grad_norm").GetDouble() > 0);
            foreach (string key in new[] { "loss", "grad_norm" })
                Assert.Equal(a[i].GetProperty(key).GetDouble(), b[i].GetProperty(key).GetDouble(), 5);
        }
    }

    [Fact]
    public void Should_end_with_the_same_adapters_When_a_peft_run_is_resumed()
    {
        // Given a 4-step LoRA run, and a 2-step one with the same settings (a constant learning rate, so the
        // schedule does not depend on the planned length)
        string dir = TinyModels.TempDir("lora-resume");
        string data = TinyRun.WriteData(Path.Combine(dir, "data.jsonl"), 16);
        string[] peft = ["--use-peft", "--lora-dropout", "0", "--learning-rate", "1e-2", "--lr-scheduler-type",
            "constant"];
        var straight = Train(data, Path.Combine(dir, "straight"), ["--max-steps", "4", .. peft]);
        string output = Path.Combine(dir, "resumed");
        var first = Train(data, output, ["--max-steps", "2", .. peft]);
        Assert.True(straight.Code == 0 && first.Code == 0, straight.Out + straight.Error + first.Error);

        // When the 2-step run is resumed from its recipe to step 4
        var second = TrainCommandTests.Run("train", "dpo", "--config", Path.Combine(output, "run.yaml"),
            "--max-steps", "4", "--resume");

        // Then it reloads the adapters from step 2 and ends where the straight run ended
        Assert.True(second.Code == 0, second.Out + second.Error);
        Assert.Contains("(step 2)", second.Out);
        var expected = Adapters(Path.Combine(dir, "straight"));
        var actual = Adapters(output);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, value) in expected)
            Assert.True(actual[name].allclose(value, rtol: 1e-4, atol: 1e-6), name);
    }

    [Theory]
    [InlineData("sft")]
    [InlineData("kto")]
    public void Should_train_adapters_and_save_them_When_the_method_is(string method)
    {
        // Given 8 records: pairs, or for KTO each pair split into a desirable and an undesirable row
        string dir = TinyModels.TempDir("lora-" + method);
        string data = TinyRun.WriteData(Path.Combine(dir, "data.jsonl"), 8);
        if (method == "kto")
            File.WriteAllLines(data, File.ReadAllLines(data).Select(l => JsonDocument.Parse(l).RootElement)
                .SelectMany(d => new[] { Unpaired(d, "chosen", true), Unpaired(d, "rejected", false) }).ToList());
        string output = Path.Combine(dir, "out");

        // When two steps train LoRA adapters
        var (code, stdout, stderr) = TrainCommandTests.Run("train", method, "--model", TinyRun.Model, "--data",
            data, "--output", output, "--max-steps", "2", "--per-device-train-batch-size", "4", "--use-peft");

        // Then KTO scores its reference with the adapters off, and both save adapters and a merged model
        Assert.True(code == 0, stdout + stderr);
        if (method == "kto")
            Assert.Contains("reference: the policy's base weights with its LoRA adapters off", stdout);
        Assert.DoesNotContain("frozen copy of", stdout);
        Assert.True(File.Exists(Path.Combine(output, "adapter", "adapter_model.safetensors")));
        Assert.True(File.Exists(Path.Combine(output, "model.safetensors")));
    }

    private static string Unpaired(JsonElement pair, string field, bool label) => JsonSerializer.Serialize(new
    {
        prompt = pair.GetProperty("prompt").GetString(),
        completion = pair.GetProperty(field).GetString(),
        label,
    });

    [Fact]
    public void Should_suggest_use_peft_When_a_lora_key_is_given_without_it()
    {
        var (code, _, error) = TrainCommandTests.Run("train", "dpo", "--model", TinyRun.Model, "--data",
            "d.jsonl", "--lora-r", "8");

        Assert.Equal(1, code);
        Assert.Contains("lora_r was given without use_peft", error);
        Assert.Contains("add --use-peft", error);
    }

    [Fact]
    public void Should_name_the_key_When_lora_r_is_out_of_range()
    {
        var (code, _, error) = TrainCommandTests.Run("train", "dpo", "--model", TinyRun.Model, "--data",
            "d.jsonl", "--use-peft", "--lora-r", "0");

        Assert.Equal(1, code);
        Assert.Contains("lora_r is 0; use a rank of 1 or more", error);
    }

    [Fact]
    public void Should_list_the_projections_When_a_lora_target_is_not_in_the_model()
    {
        string data = TinyRun.WriteData(Path.Combine(TinyModels.TempDir("lora-target"), "data.jsonl"), 4);

        var (code, _, error) = TrainCommandTests.Run("train", "dpo", "--model", TinyRun.Model, "--data", data,
            "--use-peft", "--lora-target-modules", "q_proj,c_attn");

        Assert.Equal(1, code);
        Assert.Contains("lora_target_modules names c_attn, which this llama model does not have; use some of "
            + "q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj.", error);
    }

    private static (int Code, string Out, string Error) Train(string data, string output, params string[] extra) =>
        TrainCommandTests.Run(["train", "dpo", "--model", TinyRun.Model, "--data", data, "--output", output,
            "--per-device-train-batch-size", "4", "--logging-steps", "1", .. extra]);

    private static List<JsonElement> Rows(string output) =>
        File.ReadLines(Path.Combine(output, "metrics.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(row => row.TryGetProperty("loss", out _)).ToList();

    private static JsonElement FirstRow(string output) => Rows(output)[0];

    private static Dictionary<string, Tensor> Adapters(string output)
    {
        var file = SafetensorsFile.Open(Path.Combine(output, "adapter", "adapter_model.safetensors"));
        return file.Entries.ToDictionary(e => e.Name, file.ReadFloat32);
    }
}
