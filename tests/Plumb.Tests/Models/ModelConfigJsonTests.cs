using System.Text.Json.Nodes;
using Plumb.Models;
using Plumb.Tests.Fixtures;

namespace Plumb.Tests.Models;

public sealed class ModelConfigJsonTests
{
    [Fact]
    public void Should_read_llama_fields_When_the_config_uses_grouped_query_attention()
    {
        var config = ModelConfigJson.Parse(TinyModels.LlamaConfig(), "config.json");

        Assert.Equal(("llama", 64, 32, 2, 4, 2, 48), (config.ModelType, config.VocabSize, config.HiddenSize,
            config.NumLayers, config.NumHeads, config.NumKeyValueHeads, config.IntermediateSize));
        Assert.Equal((128, 500.0, 1e-5, 8), (config.MaxPositions, config.RopeTheta, config.NormEps, config.HeadDim));
        Assert.False(config.AttentionBias);
        Assert.Equal((1, 2), (config.BosTokenId, config.EosTokenIds.Single()));
    }

    [Fact]
    public void Should_put_bias_on_qkv_only_When_the_model_is_qwen2()
    {
        var config = ModelConfigJson.Parse(TinyModels.LlamaConfig("qwen2"), "config.json");

        Assert.True(config.AttentionBias);
        Assert.False(config.OutputBias);
        Assert.Equal("Qwen2ForCausalLM", config.Architecture);
    }

    [Fact]
    public void Should_put_bias_on_every_attention_projection_When_a_llama_sets_attention_bias()
    {
        var json = TinyModels.LlamaConfig();
        json["attention_bias"] = true;

        var config = ModelConfigJson.Parse(json, "config.json");
        using var model = ModelBuilder.Build(config);

        Assert.True(config.AttentionBias && config.OutputBias);
        Assert.Contains("model.layers.0.self_attn.o_proj.bias", model.state_dict().Keys);
        Assert.Contains("model.layers.0.self_attn.q_proj.bias", model.state_dict().Keys);
    }

    [Fact]
    public void Should_default_n_inner_to_four_times_n_embd_When_gpt2_leaves_it_null()
    {
        var config = ModelConfigJson.Parse(TinyModels.Gpt2Config(), "config.json");

        Assert.Equal((128, 4, 4, 128), (config.IntermediateSize, config.NumHeads, config.NumKeyValueHeads,
            config.MaxPositions));
        Assert.True(config.TieWordEmbeddings);
        Assert.Equal("GPT2LMHeadModel", config.Architecture);
    }

    [Fact]
    public void Should_read_a_list_of_eos_ids_When_the_config_gives_several()
    {
        var json = TinyModels.LlamaConfig();
        json["eos_token_id"] = new JsonArray(2, 7);

        var config = ModelConfigJson.Parse(json, "config.json");

        Assert.Equal([2, 7], config.EosTokenIds);
        Assert.Equal([2, 7], JsonNode.Parse(ModelConfigJson.ToJson(config))!["eos_token_id"]!.AsArray()
            .Select(n => n!.GetValue<int>()));
    }

    [Fact]
    public void Should_read_llama3_and_linear_rope_scaling_and_write_them_back()
    {
        // Given Llama 3.2's rope_scaling and a linear one
        var json = TinyModels.LlamaConfig();
        json["rope_scaling"] = new JsonObject
        {
            ["rope_type"] = "llama3", ["factor"] = 32.0, ["low_freq_factor"] = 1.0, ["high_freq_factor"] = 4.0,
            ["original_max_position_embeddings"] = 8192,
        };
        var linear = TinyModels.LlamaConfig();
        linear["rope_scaling"] = new JsonObject { ["type"] = "linear", ["factor"] = 2.0 };

        var llama3 = ModelConfigJson.Parse(json, "config.json");
        var twice = ModelConfigJson.Parse(linear, "config.json");

        Assert.Equal(new RopeScaling("llama3", 32, 1, 4, 8192), llama3.RopeScaling);
        Assert.Equal(new RopeScaling("linear", 2), twice.RopeScaling);
        // A config built in code (no source JSON) writes the scaling so that transformers reads it back
        var built = ModelConfigJson.Parse(
            JsonNode.Parse(ModelConfigJson.ToJson(llama3 with { SourceJson = null }))!.AsObject(), "again.json");
        Assert.Equal(llama3.RopeScaling, built.RopeScaling);
    }

    [Theory]
    [InlineData(1.0, 1.0)]             // wavelength 2π < 8192 / 4: kept
    [InlineData(1e-4, 1e-4 / 32)]      // wavelength 62832 > 8192: divided by the factor
    [InlineData(2 * Math.PI / 4096, 0.000543285)] // wavelength 4096: s = (8192/4096 - 1)/3; 2/3 of f/32 + f/3
    public void Should_scale_each_band_by_the_llama3_rule(double inverseFrequency, double expected)
    {
        var scaling = new RopeScaling("llama3", 32, 1, 4, 8192);

        Assert.Equal(expected, scaling.Scale(inverseFrequency), 9);
    }

    [Fact]
    public void Should_refuse_rope_scaling_it_does_not_compute_rather_than_ignore_it()
    {
        var json = TinyModels.LlamaConfig();
        json["rope_scaling"] = new JsonObject { ["rope_type"] = "yarn", ["factor"] = 4.0 };

        var error = Assert.Throws<PlumbException>(() => ModelConfigJson.Parse(json, "/m/config.json"));

        Assert.Equal("/m/config.json: rope_scaling type \"yarn\" is not supported; Plumb supports rope_scaling "
            + "types linear and llama3, or none.", error.Message);
    }

    [Fact]
    public void Should_name_the_file_and_field_When_a_required_field_is_missing()
    {
        var json = TinyModels.Gpt2Config();
        json.Remove("n_head");

        var error = Assert.Throws<PlumbException>(() => ModelConfigJson.Parse(json, "/m/config.json"));

        Assert.Equal("/m/config.json: field n_head is missing.", error.Message);
    }

    [Fact]
    public void Should_read_back_the_same_config_When_written_without_a_source()
    {
        var config = ModelConfigJson.Parse(TinyModels.LlamaConfig("mistral", tied: true), "config.json");
        var fresh = config with { SourceJson = null };

        var again = ModelConfigJson.Parse(JsonNode.Parse(ModelConfigJson.ToJson(fresh))!.AsObject(), "x");

        // (EosTokenIds is a list, compared by reference in record equality, so it is compared apart.)
        Assert.Equal(fresh.EosTokenIds, again.EosTokenIds);
        Assert.Equal(fresh with { EosTokenIds = [] }, again with { SourceJson = null, EosTokenIds = [] });
    }
}
