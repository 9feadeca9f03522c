using Plumb.Models;
using Plumb.Performance;
using static TorchSharp.torch;

namespace Plumb.Tests.Performance;

public sealed class FlopCountTests
{
    [Theory]
    [InlineData("tiny")]
    [InlineData("llama30m")]
    [InlineData("gpt2")]
    public void Should_CountBlockParameters_When_ComparedWithTheBuiltModel(string shape)
    {
        // Given the model built on the meta device (shapes only)
        var config = BenchShapes.Config(shape, 512);
        using var model = ModelBuilder.Build(config, new Device("meta"));

        // Then the formula equals the parameters under the decoder layers
        long inLayers = model.named_parameters()
            .Where(p => p.name.Contains(".layers.") || p.name.Contains(".h."))
            .Sum(p => p.parameter.numel());
        Assert.Equal(inLayers, FlopCount.BlockParameters(config));
    }

    [Fact]
    public void Should_MatchHandCount_When_TinyForwardIsCounted()
    {
        // Given tiny: V 512, d 64, L 2, 4 heads, 2 kv heads of 16, I 176; 4 rows of 64, 192 completion tokens
        // blocks:    N = 2 (2*64*64 + 2*64*32 + 3*64*176 + 2*64) = 92,416;  2 N 256  = 47,316,992
        // head:      2 * 64 * 512 * 192                                              = 12,582,912
        // attention: 4 * L * d * T * tokens = 4 * 2 * 64 * 64 * 256                  =  8,388,608
        var config = BenchShapes.Config("tiny", 64);

        double flops = FlopCount.Forward(config, rows: 4, seq: 64, completionTokens: 192);

        Assert.Equal(92_416, FlopCount.BlockParameters(config));
        Assert.Equal(68_288_512, flops);
    }

    [Fact]
    public void Should_Count124MParameters_When_ShapeIsGpt2()
    {
        // The published GPT-2 small size: 124,439,808 with the head tied to wte.
        using var model = ModelBuilder.Build(BenchShapes.Config("gpt2", 1024), new Device("meta"));

        Assert.Equal(124_439_808, model.ParameterCount());
    }

    [Fact]
    public void Should_AddTwentyBytesPerParameter_When_EstimatingDpoStates()
    {
        // fp32 weights 4 + gradients 4 + AdamW moments 8 + reference copy 4 = 20 bytes per parameter.
        Assert.Equal(2_000, MemoryEstimate.States(100));
    }

    [Fact]
    public void Should_NameTheChoices_When_ShapeIsUnknown()
    {
        var error = Assert.Throws<PlumbException>(() => BenchShapes.Config("gpt3", 512));

        Assert.Contains("tiny, llama30m, gpt2", error.Message);
    }
}
