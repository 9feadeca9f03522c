using Plumb.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Tests.Diagnostics;

public sealed class TopKDiversityTests
{
    // objectives.md 4: these 14 probabilities sum to 1; the top 10 sum to 0.95.
    private static readonly double[] Probs =
        [.30, .20, .10, .08, .07, .06, .05, .04, .03, .02, .02, .01, .01, .01];

    private static Tensor Logits(double[] probs, ScalarType dtype = ScalarType.Float64) =>
        torch.tensor(probs).log().to(dtype);

    [Fact]
    public void Should_match_the_worked_example_When_measuring_one_distribution()
    {
        using var logits = Logits(Probs);

        // Mass 0.95; renormalised entropy -sum (p/0.95) log2(p/0.95) = 2.860484; raw -sum p log2 p = 2.787760
        Assert.Equal(0.95, TopKDiversity.Mass(logits).item<double>(), 9);
        Assert.Equal(2.860484, TopKDiversity.EntropyBits(logits).item<double>(), 6);
        Assert.Equal(2.787760, TopKDiversity.EntropyBits(logits, renormalise: false).item<double>(), 6);
    }

    [Fact]
    public void Should_average_over_masked_positions_then_prompts_When_given_a_batch()
    {
        // Prompt 0: both positions hold the worked distribution (entropy 2.860484, mass 0.95).
        // Prompt 1: position 0 is uniform over 14 (renormalised top-10 entropy log2 10 = 3.321928, mass 10/14);
        // position 1 is masked out and holds a point mass that would change both means if counted.
        var point = Enumerable.Repeat(1e-9, 14).ToArray();
        point[0] = 1.0;
        var uniform = Enumerable.Repeat(1.0 / 14, 14).ToArray();
        using var logits = torch.stack([
            torch.stack([Logits(Probs), Logits(Probs)]),
            torch.stack([Logits(uniform), Logits(point)])]).to(ScalarType.Float32);
        using var mask = torch.tensor(new[,] { { true, true }, { true, false } });

        var stats = TopKDiversity.Measure(logits, mask);

        // (2.860484 + 3.321928) / 2 = 3.091206; (0.95 + 0.714286) / 2 = 0.832143
        Assert.Equal(3.091206, stats.EntropyBits, 5);
        Assert.Equal(0.832143, stats.Mass, 5);
    }

    [Fact]
    public void Should_warn_When_entropy_and_mass_both_fall_over_the_window()
    {
        var monitor = new OverOptimisationMonitor();
        Assert.Null(monitor.Observe(50, new TopKStatistics(3.0, 0.95)));
        Assert.Null(monitor.Observe(100, new TopKStatistics(2.9, 0.94)));
        Assert.Null(monitor.Observe(150, new TopKStatistics(2.8, 0.93)));

        string? warning = monitor.Observe(200, new TopKStatistics(2.7, 0.92));

        Assert.NotNull(warning);
        Assert.Contains("step 200", warning);
        Assert.Contains("from 3.000 to 2.700 bits", warning);
        Assert.Contains("since step 50", warning);
    }

    [Fact]
    public void Should_stay_quiet_When_one_measure_ticks_up_inside_the_window()
    {
        var monitor = new OverOptimisationMonitor();
        monitor.Observe(1, new TopKStatistics(3.0, 0.95));
        monitor.Observe(2, new TopKStatistics(2.9, 0.96));
        monitor.Observe(3, new TopKStatistics(2.8, 0.93));
        Assert.Null(monitor.Observe(4, new TopKStatistics(2.7, 0.92)));
        // Entropy falling alone is not enough either
        Assert.Null(monitor.Observe(5, new TopKStatistics(2.6, 0.92)));
    }
}
