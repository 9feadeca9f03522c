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
