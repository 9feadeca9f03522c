using System.Text.Json.Nodes;
using Plumb.Models;
using Plumb.Tests.Fixtures;
using TorchSharp;
using static TorchSharp.torch;
using static Plumb.Tests.Fixtures.TinyModels;

namespace Plumb.Tests.Models;

public sealed class ModelLoaderTests
{
    [Fact]
    public void Should_name_the_directory_When_config_json_is_missing()
    {
        string dir = TempDir();

        var error = Assert.Throws<PlumbException>(() => ModelLoader.Load(dir, CPU));

        Assert.Contains(dir, error.Message);
        Assert.Contains("no config.json", error.Message);
    }

    [Fact]
    public void Should_name_the_value_and_the_supported_types_When_model_type_is_unsupported()
    {
        string dir = TempDir();
        var config = LlamaConfig();
        config["model_type"] = "falcon";
        Write(dir, config, LlamaTensors(false, false, 1));

        var error = Assert.Throws<PlumbException>(() => ModelLoader.Load(dir, CPU));

        Assert.Contains(Path.Combine(dir, "config.json"), error.Message);
        Assert.Contains("\"falcon\"", error.Message);
        Assert.Contains("llama, mistral, qwen2, gpt2", error.Message);
    }

    [Fact]
    public void Should_list_missing_and_unexpected_tensors_When_the_checkpoint_does_not_match()
    {
        // Given a checkpoint without one layer's k_proj and with a stray tensor
        string dir = TempDir();
        var tensors = LlamaTensors(false, false, 1)
            .Where(t => t.Name != "model.layers.1.self_attn.k_proj.weight")
            .Append(("model.layers.0.self_attn.extra.weight", ones(3)))
            .ToList();
        Write(dir, LlamaConfig(), tensors);

        var error = Assert.Throws<PlumbException>(() => ModelLoader.Load(dir, CPU));

        Assert.Contains("missing tensors: model.layers.1.self_attn.k_proj.weight", error.Message);
        Assert.Contains("unexpected tensors: model.layers.0.self_attn.extra.weight", error.Message);
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(31L)]
    public void Should_report_a_shape_mismatch_When_a_tensor_would_broadcast_or_is_too_short(long size)
    {
        // Given a norm weight of shape [1] (which copy_ would silently broadcast to [32]) or [31]
        string dir = TempDir();
        var tensors = LlamaTensors(false, false, 1)
            .Select(t => t.Name == "model.norm.weight" ? (t.Name, ones(size)) : t)
            .ToList();
        Write(dir, LlamaConfig(), tensors);

        var error = Assert.Throws<PlumbException>(() => ModelLoader.Load(dir, CPU));

        Assert.Contains($"shape mismatch for model.norm.weight: expected [32], found [{size}]", error.Message);
    }

    [Fact]
    public void Should_check_gpt2_conv1d_shapes_in_their_stored_orientation()
    {
        // Given a GPT-2 checkpoint whose c_fc weight was saved [out, in] by mistake
        string dir = TempDir();
        var tensors = Gpt2Tensors(2)
            .Select(t => t.Name == "transformer.h.0.mlp.c_fc.weight" ? (t.Name, t.Value.t().contiguous()) : t)
            .ToList();
        Write(dir, Gpt2Config(), tensors);

        var error = Assert.Throws<PlumbException>(() => ModelLoader.Load(dir, CPU));

        Assert.Contains("transformer.h.0.mlp.c_fc.weight: expected [32, 128], found [128, 32]", error.Message);
    }

    [Theory]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.BFloat16)]
    public void Should_load_half_precision_as_fp32_equal_to_the_rounded_source(ScalarType dtype)
    {
        // Given a checkpoint stored in fp16 or bf16
        string dir = WriteLlama(TempDir(), dtype: dtype);
        var source = LlamaTensors(false, false, 1).ToDictionary(t => t.Name, t => t.Value);

        // When loaded
        using var model = ModelLoader.Load(dir, CPU);

        // Then every parameter is fp32 and equals the source rounded to the stored precision
        foreach (var (name, value) in model.state_dict())
        {
            Assert.Equal(ScalarType.Float32, value.dtype);
            var rounded = source[name].to_type(dtype).to_type(ScalarType.Float32);
            Assert.True(TensorAssert.SameValues(rounded, value), name);
            Assert.False(TensorAssert.SameValues(source[name], value), $"{name} was not rounded at all");
        }
    }

    [Fact]
    public void Should_load_a_sharded_checkpoint_through_its_index()
    {
        // Given the same tensors split over two shards with an index
        string single = WriteGpt2(TempDir());
        string sharded = TempDir();
        var tensors = Gpt2Tensors(2);
        var first = tensors.Take(10).ToList();
        var second = tensors.Skip(10).ToList();
        SafetensorsWriter.Write(Path.Combine(sharded, "model-00001-of-00002.safetensors"), first);
        SafetensorsWriter.Write(Path.Combine(sharded, "model-00002-of-00002.safetensors"), second);
        var map = new JsonObject();
        first.ForEach(t => map[t.Name] = "model-00001-of-00002.safetensors");
        second.ForEach(t => map[t.Name] = "model-00002-of-00002.safetensors");
        File.WriteAllText(Path.Combine(sharded, "model.safetensors.index.json"),
            new JsonObject { ["metadata"] = new JsonObject(), ["weight_map"] = map }.ToJsonString());
        File.Copy(Path.Combine(single, "config.json"), Path.Combine(sharded, "config.json"));

        // When both are loaded
        using var a = ModelLoader.Load(single, CPU);
        using var b = ModelLoader.Load(sharded, CPU);

        // Then they hold the same weights
        foreach (var (name, value) in a.state_dict())
            Assert.True(TensorAssert.SameValues(value, b.state_dict()[name]), name);
    }

    [Fact]
    public void Should_accept_a_gpt2_checkpoint_saved_without_the_transformer_prefix_and_with_mask_buffers()
    {
        // Given GPT-2 tensors named as GPT2Model saves them, plus the old causal-mask buffers
        string dir = TempDir();
        var tensors = Gpt2Tensors(2)
            .Select(t => (t.Name["transformer.".Length..], t.Value))
            .Append(("h.0.attn.bias", ones(1, 1, 4, 4)))
            .ToList();
        Write(dir, Gpt2Config(), tensors);

        using var model = ModelLoader.Load(dir, CPU);

        var expected = Gpt2Tensors(2).First(t => t.Name == "transformer.h.1.ln_2.bias").Value;
        Assert.True(TensorAssert.SameValues(expected, model.state_dict()["transformer.h.1.ln_2.bias"]));
    }

    [Fact]
    public void Should_share_the_stored_head_When_a_tied_llama_stores_only_lm_head()
    {
        string dir = WriteLlama(TempDir(), tied: true);
        var head = LlamaTensors(false, tied: true, 1).Single(t => t.Name == "lm_head.weight").Value;

        using var model = ModelLoader.Load(dir, CPU);

        Assert.True(TensorAssert.SameValues(head, model.state_dict()["model.embed_tokens.weight"]));
        Assert.Equal("lm_head.weight",
            SafetensorsFile.Open(Path.Combine(dir, "model.safetensors")).Metadata["model.embed_tokens.weight"]);
    }

    [Fact]
    public void Should_say_what_to_do_When_the_directory_has_only_pytorch_model_bin()
    {
        string dir = TempDir();
        File.WriteAllText(Path.Combine(dir, "config.json"), LlamaConfig().ToJsonString());
        File.WriteAllText(Path.Combine(dir, "pytorch_model.bin"), "");

        var error = Assert.Throws<PlumbException>(() => ModelLoader.Load(dir, CPU));

        Assert.Contains("safe_serialization=True", error.Message);
    }

    [Fact]
    public void Should_report_a_truncated_safetensors_file()
    {
        string dir = WriteLlama(TempDir());
        string path = Path.Combine(dir, "model.safetensors");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);

        var error = Assert.Throws<PlumbException>(() => ModelLoader.Load(dir, CPU));

        Assert.Contains("truncated", error.Message);
        Assert.Contains(path, error.Message);
    }
}
