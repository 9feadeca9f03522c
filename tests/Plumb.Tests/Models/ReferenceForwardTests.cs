using Plumb.Models;
using Plumb.Tests.Fixtures;
using TorchSharp;
using static TorchSharp.torch;
using static Plumb.Tests.Fixtures.TinyModels;

namespace Plumb.Tests.Models;

/// <summary>Each architecture's logits against the plain per-position implementation, on the same weights.</summary>
public sealed class ReferenceForwardTests
{
    private static readonly int[] Ids = [3, 17, 42, 5, 63, 0, 9];

    [Theory]
    [InlineData("llama", false)]
    [InlineData("llama", true)]
    [InlineData("qwen2", true)]
    [InlineData("mistral", false)]
    public void Should_match_the_plain_implementation_When_the_model_is_llama_family(string type, bool tied)
    {
        // Given a tiny GQA checkpoint (4 query heads sharing 2 key/value heads) and its raw tensors
        string dir = WriteLlama(TempDir(), type, tied);
        var reference = new ReferenceForward(LlamaTensors(type == "qwen2", tied, seed: 1));

        // When both compute logits for the same tokens
        var expected = reference.Llama(Ids, Hidden, Heads, KvHeads, Layers, theta: 500.0, eps: 1e-5, tied);
        var actual = Logits(dir);

        // Then every logit agrees to 1e-4
        Assert.True(MaxDifference(expected, actual) < 1e-4, $"max |diff| {MaxDifference(expected, actual)}");
    }

    [Fact]
    public void Should_match_the_plain_implementation_When_rotary_embeddings_use_llama3_scaling()
    {
        // Given the tiny Llama with rope_scaling llama3, factor 8, original context 64: head dim 8 and theta 500
        // give inverse frequencies 1, 0.2115, 0.0447, 0.0095 (wavelengths 6.3, 29.7, 140.5, 664.3), one below
        // 64/4 = 16 (kept), one between 16 and 64/1 (interpolated) and two above 64 (divided by 8)
        string dir = WriteLlama(TempDir());
        var config = LlamaConfig();
        config["rope_scaling"] = new System.Text.Json.Nodes.JsonObject
        {
            ["rope_type"] = "llama3", ["factor"] = 8.0, ["low_freq_factor"] = 1.0, ["high_freq_factor"] = 4.0,
            ["original_max_position_embeddings"] = 64,
        };
        var unscaled = Logits(dir);
        File.WriteAllText(Path.Combine(dir, "config.json"), config.ToJsonString());
        var reference = new ReferenceForward(LlamaTensors(false, false, seed: 1));

        // When both compute logits, the reference with the rule written out branch by branch
        var expected = reference.Llama(Ids, Hidden, Heads, KvHeads, Layers, theta: 500.0, eps: 1e-5, tied: false,
            inverseFrequency: i =>
            {
                double f = Math.Pow(500.0, -2.0 * i / 8), wavelength = 2 * Math.PI / f;
                if (wavelength < 16)
                    return f;
                if (wavelength > 64)
                    return f / 8;
                double s = (64 / wavelength - 1) / (4 - 1);
                return (1 - s) * f / 8 + s * f;
            });
        var actual = Logits(dir);

        // Then they agree to 1e-4, and the scaling changed the logits
        Assert.True(MaxDifference(expected, actual) < 1e-4, $"max |diff| {MaxDifference(expected, actual)}");
        Assert.True(unscaled.Zip(actual, (a, b) => Math.Abs(a - b)).Max() > 1e-3);
    }

    [Fact]
    public void Should_match_the_plain_implementation_When_the_model_is_gpt2()
    {
        string dir = WriteGpt2(TempDir());
        var reference = new ReferenceForward(Gpt2Tensors(seed: 2));

        var expected = reference.Gpt2(Ids, Hidden, Heads, Layers, eps: 1e-5);
        var actual = Logits(dir);

        Assert.True(MaxDifference(expected, actual) < 1e-4, $"max |diff| {MaxDifference(expected, actual)}");
    }

    private static float[] Logits(string dir)
    {
        using var scope = NewDisposeScope();
        using var model = ModelLoader.Load(dir, CPU);
        using var noGrad = no_grad();
        var ids = tensor(Ids.Select(i => (long)i).ToArray(), [1, Ids.Length]);
        return model.forward(ids).data<float>().ToArray();
    }

    private static double MaxDifference(double[][] expected, float[] actual)
    {
        var flat = expected.SelectMany(r => r).ToArray();
        Assert.Equal(flat.Length, actual.Length);
        return flat.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
    }
}
