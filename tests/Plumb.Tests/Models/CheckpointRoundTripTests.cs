using System.Text.Json.Nodes;
using Plumb.Models;
using Plumb.Tests.Fixtures;
using static TorchSharp.torch;
using static Plumb.Tests.Fixtures.TinyModels;

namespace Plumb.Tests.Models;

public sealed class CheckpointRoundTripTests
{
    private static readonly long[] Ids = [1, 9, 33, 2, 60, 7];

    [Theory]
    [InlineData("llama", false)]
    [InlineData("llama", true)]
    [InlineData("qwen2", false)]
    [InlineData("mistral", true)]
    [InlineData("gpt2", true)]
    public void Should_give_identical_logits_When_a_saved_model_is_reloaded(string type, bool tied)
    {
        // Given a loaded tiny model
        string source = type == "gpt2" ? WriteGpt2(TempDir()) : WriteLlama(TempDir(), type, tied);
        using var model = ModelLoader.Load(source, CPU);
        string saved = Path.Combine(TempDir(), "saved");

        // When it is saved to a new directory and loaded again
        ModelSaver.Save(model, saved);
        using var reloaded = ModelLoader.Load(saved, CPU);

        // Then the logits are bit-for-bit equal and no temporary file is left
        using var noGrad = no_grad();
        using var ids = tensor(Ids, [1, Ids.Length]);
        using var before = model.forward(ids);
        using var after = reloaded.forward(ids);
        Assert.True(TensorAssert.SameValues(before, after));
        Assert.Equal(["config.json", "model.safetensors"],
            Directory.GetFiles(saved).Select(Path.GetFileName).Order());
        Assert.Equal([saved], Directory.GetFileSystemEntries(Path.GetDirectoryName(saved)!));
    }

    [Fact]
    public void Should_store_gpt2_as_hugging_face_does_When_saved()
    {
        // Given a GPT-2 checkpoint whose Conv1D weights are [in, out]
        string source = WriteGpt2(TempDir());
        using var model = ModelLoader.Load(source, CPU);
        string saved = TempDir();

        // When saved over an existing directory
        ModelSaver.Save(model, saved);

        // Then tensors come back in the source layout, without lm_head, with {"format": "pt"} metadata
        var file = SafetensorsFile.Open(Path.Combine(saved, "model.safetensors"));
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.DoesNotContain(file.Entries, e => e.Name == "lm_head.weight");
        var original = ReadAll(source);
        foreach (var (name, value) in ReadAll(saved))
            Assert.True(TensorAssert.SameValues(original[name], value), name);
        Assert.Equal(original.Keys.Order(), file.Entries.Select(e => e.Name).Order());
    }

    [Fact]
    public void Should_store_only_the_embedding_When_a_tied_llama_is_saved()
    {
        string source = WriteLlama(TempDir(), tied: true);
        using var model = ModelLoader.Load(source, CPU);
        string saved = TempDir();

        ModelSaver.Save(model, saved);

        var names = SafetensorsFile.Open(Path.Combine(saved, "model.safetensors")).Entries.Select(e => e.Name);
        Assert.Contains("model.embed_tokens.weight", names);
        Assert.DoesNotContain("lm_head.weight", names);
        Assert.True(TensorAssert.SameValues(
            ReadAll(source)["lm_head.weight"], ReadAll(saved)["model.embed_tokens.weight"]));
    }

    [Fact]
    public void Should_keep_unknown_config_fields_and_write_hf_fields_When_saved()
    {
        // Given a config with a field Plumb does not read
        string source = TempDir();
        var config = LlamaConfig("qwen2", tied: true);
        config["use_cache"] = false;
        config["torch_dtype"] = "bfloat16";
        Write(source, config, LlamaTensors(qkvBias: true, tied: true, seed: 4));
        using var model = ModelLoader.Load(source, CPU);
        string saved = TempDir();

        // When saved
        ModelSaver.Save(model, saved);

        // Then the field survives and the fields transformers needs are written, the dtype now fp32
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(saved, "config.json")))!;
        Assert.False(json["use_cache"]!.GetValue<bool>());
        Assert.Equal("Qwen2ForCausalLM", json["architectures"]![0]!.GetValue<string>());
        Assert.Equal("float32", json["torch_dtype"]!.GetValue<string>());
        Assert.True(json["tie_word_embeddings"]!.GetValue<bool>());
        Assert.Equal(2, json["num_key_value_heads"]!.GetValue<int>());
        Assert.Equal(500.0, json["rope_theta"]!.GetValue<double>());
        Assert.Equal(2, json["eos_token_id"]!.GetValue<int>());
    }
}
