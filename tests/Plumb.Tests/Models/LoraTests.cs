using System.Text.Json.Nodes;
using Plumb.Models;
using Plumb.Models.Lora;
using Plumb.Tests.Fixtures;
using Plumb.Tests.Training;
using static TorchSharp.torch;

namespace Plumb.Tests.Models;

[Collection(TorchGlobalStateCollection.Name)]
public sealed class LoraTests
{
    [Theory]
    [InlineData("llama")]
    [InlineData("gpt2")]
    public void Should_LeaveLogitsUnchanged_When_AdaptersAreFresh(string architecture)
    {
        // Given a model and its logits before adapters are attached
        using var model = LoraFixture.Load(architecture);
        using var ids = LoraFixture.Ids();
        using var before = model.forward(ids).detach();

        // When rank-4 adapters with B = 0 are attached
        var lora = LoraModel.Attach(model, new LoraOptions { Rank = 4, Alpha = 8 });
        using var after = model.forward(ids).detach();

        // Then B A x = 0 exactly, and A is non-zero (kaiming-uniform), so only B is zero
        Assert.True(TensorAssert.SameValues(before, after));
        Assert.All(lora.Adapters, a => Assert.True(a.A.weight!.abs().sum().item<float>() > 0));
        Assert.All(lora.Adapters, a => Assert.Equal(0f, a.B.weight!.abs().sum().item<float>()));
    }

    [Theory]
    [InlineData("llama", 14)]
    [InlineData("gpt2", 8)]
    public void Should_TrainOnlyAdapters_When_Attached(string architecture, int adapters)
    {
        using var model = LoraFixture.Load(architecture);
        var lora = LoraModel.Attach(model, new LoraOptions { Rank = 2 });

        // Two layers: llama has 7 projections per layer, GPT-2 four (c_attn, attn.c_proj, c_fc, mlp.c_proj).
        Assert.Equal(adapters, lora.Adapters.Count);
        var trainable = model.parameters().Where(p => p.requires_grad).ToList();
        Assert.Equal(2 * adapters, trainable.Count);
        Assert.Equal(lora.TrainableParameterCount(), trainable.Sum(p => p.numel()));

        // A gradient reaches B (A's is zero while B is zero, as in PEFT at step 0).
        using var ids = LoraFixture.Ids();
        model.forward(ids).pow(2).mean().backward();
        Assert.All(lora.Adapters, a => Assert.True(a.B.weight!.grad!.abs().sum().item<float>() > 0));
    }

    [Theory]
    [InlineData("llama")]
    [InlineData("gpt2")]
    public void Should_EqualBaseModel_When_AdaptersAreDisabled(string architecture)
    {
        using var model = LoraFixture.Load(architecture);
        using var ids = LoraFixture.Ids();
        using var baseLogits = model.forward(ids).detach();
        var lora = LoraModel.Attach(model, new LoraOptions { Rank = 4 });
        Randomise(lora);

        using var adapted = model.forward(ids).detach();
        using (lora.Disable())
        {
            using var disabled = model.forward(ids).detach();
            Assert.True(TensorAssert.SameValues(baseLogits, disabled));
        }
        Assert.True(lora.Enabled);
        Assert.False(TensorAssert.SameValues(baseLogits, adapted));
    }

    [Theory]
    [InlineData("llama")]
    [InlineData("gpt2")]
    public void Should_MatchAdaptedLogits_When_MergedModelIsReloaded(string architecture)
    {
        // Given adapters with non-zero B
        using var model = LoraFixture.Load(architecture);
        using var ids = LoraFixture.Ids();
        using var baseLogits = model.forward(ids).detach();
        var lora = LoraModel.Attach(model, new LoraOptions { Rank = 4, Alpha = 32 });
        Randomise(lora);
        using var adapted = model.forward(ids).detach();

        // When the merged model W + (alpha / r) B A is saved and loaded back
        string dir = Path.Combine(TinyModels.TempDir("merged"), "out");
        LoraSaver.SaveMerged(lora, dir);
        using var merged = ModelLoader.Load(dir, CPU);
        using var mergedLogits = merged.forward(ids).detach();

        // Then it reproduces base + adapter, and the in-memory base weights are untouched
        Assert.True(mergedLogits.allclose(adapted, rtol: 1e-4, atol: 1e-5));
        using (lora.Disable())
            Assert.True(TensorAssert.SameValues(baseLogits, model.forward(ids).detach()));
        Assert.DoesNotContain(TinyModels.ReadAll(dir).Keys, k => k.Contains("lora"));
    }

    [Fact]
    public void Should_WritePeftKeysAndShapes_When_AdaptersAreSaved()
    {
        using var model = LoraFixture.Load("llama");
        var lora = LoraModel.Attach(model, new LoraOptions
        {
            Rank = 4, Alpha = 8, TargetModules = ["q_proj", "v_proj", "down_proj"],
        });
        string dir = TinyModels.TempDir("adapter");

        LoraSaver.SaveAdapters(lora, dir, "my/base-model");

        // hidden 32, kv heads 2 x head dim 8 = 16, intermediate 48
        var entries = SafetensorsFile.Open(Path.Combine(dir, "adapter_model.safetensors")).Entries
            .Select(e => $"{e.Name} {e.ShapeText}").Order(StringComparer.Ordinal).ToList();
        string[] layer0 =
        [
            "base_model.model.model.layers.0.mlp.down_proj.lora_A.weight [4, 48]",
            "base_model.model.model.layers.0.mlp.down_proj.lora_B.weight [32, 4]",
            "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight [4, 32]",
            "base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight [32, 4]",
            "base_model.model.model.layers.0.self_attn.v_proj.lora_A.weight [4, 32]",
            "base_model.model.model.layers.0.self_attn.v_proj.lora_B.weight [16, 4]",
        ];
        Assert.Equal(12, entries.Count);
        Assert.Equal(layer0, entries.Take(6));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "adapter_config.json")))!;
        Assert.Equal("LORA", (string)config["peft_type"]!);
        Assert.Equal(4, (int)config["r"]!);
        Assert.Equal(8.0, (double)config["lora_alpha"]!);
        Assert.Equal("my/base-model", (string)config["base_model_name_or_path"]!);
        Assert.False((bool)config["fan_in_fan_out"]!);
        Assert.Equal(3, config["target_modules"]!.AsArray().Count);
    }

    [Fact]
    public void Should_WriteConv1DFlag_When_Gpt2AdaptersAreSaved()
    {
        using var model = LoraFixture.Load("gpt2");
        var lora = LoraModel.Attach(model, new LoraOptions { Rank = 2 });
        string dir = TinyModels.TempDir("adapter");

        LoraSaver.SaveAdapters(lora, dir, "gpt2");

        var names = SafetensorsFile.Open(Path.Combine(dir, "adapter_model.safetensors")).Entries
            .ToDictionary(e => e.Name, e => e.ShapeText);
        Assert.Equal("[2, 32]", names["base_model.model.transformer.h.0.attn.c_attn.lora_A.weight"]);
        Assert.Equal("[96, 2]", names["base_model.model.transformer.h.0.attn.c_attn.lora_B.weight"]);
        Assert.Equal("[32, 2]", names["base_model.model.transformer.h.1.mlp.c_proj.lora_B.weight"]);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "adapter_config.json")))!;
        Assert.True((bool)config["fan_in_fan_out"]!);
    }

    [Fact]
    public void Should_NameTheTarget_When_ItMatchesNoProjection()
    {
        using var model = LoraFixture.Load("gpt2");
        var error = Assert.Throws<PlumbException>(() =>
            LoraModel.Attach(model, new LoraOptions { TargetModules = ["q_proj"] }));
        Assert.Contains("q_proj", error.Message);
        Assert.Contains("c_attn", error.Message);
    }

    [Fact]
    public void Should_RefuseTheHead_When_LmHeadIsTargeted()
    {
        using var model = LoraFixture.Load("llama");
        var error = Assert.Throws<PlumbException>(() =>
            LoraModel.Attach(model, new LoraOptions { TargetModules = ["q_proj", "lm_head"] }));
        Assert.Contains("lm_head", error.Message);
    }

    private static void Randomise(LoraModel lora)
    {
        manual_seed(7);
        using var noGrad = no_grad();
        foreach (var a in lora.Adapters)
            a.B.weight!.copy_(randn_like(a.B.weight).mul_(0.05));
    }
}
