using Plumb.Diagnostics;
using TorchSharp;

namespace Plumb.Tests.Diagnostics;

public sealed class LikelihoodDisplacementTests
{
    // Step 0: chosen [-10, -20], rejected [-12, -22]. Now: chosen [-11, -19.5], rejected [-15, -25].
    // Chosen changes -1, +0.5 (mean -0.25); rejected -3, -3 (mean -3); margins +2, +3.5 (mean 2.75);
    // one of two chosen log-probs fell.
    private static readonly double[] ChosenStart = [-10, -20];
    private static readonly double[] RejectedStart = [-12, -22];
    private static readonly double[] ChosenNow = [-11, -19.5];
    private static readonly double[] RejectedNow = [-15, -25];

    [Fact]
    public void Should_compute_changes_and_the_fraction_that_fell()
    {
        var s = LikelihoodDisplacement.Compare(ChosenStart, RejectedStart, ChosenNow, RejectedNow);

        Assert.Equal(-0.25, s.MeanChosenChange, 12);
        Assert.Equal(-3.0, s.MeanRejectedChange, 12);
        Assert.Equal(2.75, s.MeanMarginChange, 12);
        Assert.Equal(0.5, s.FractionChosenFell, 12);
        Assert.Equal(3.5, s.Pairs[1].MarginChange, 12);
    }

    [Fact]
    public void Should_give_the_same_summary_When_given_float32_tensors()
    {
        using var a = torch.tensor(ChosenStart).to(torch.float32);
        using var b = torch.tensor(RejectedStart).to(torch.float32);
        using var c = torch.tensor(ChosenNow).to(torch.float32);
        using var d = torch.tensor(RejectedNow).to(torch.float32);

        var s = LikelihoodDisplacement.CompareTensors(a, b, c, d);

        Assert.Equal(-0.25, s.MeanChosenChange, 5);
        Assert.Equal(2.75, s.MeanMarginChange, 5);
    }

    [Fact]
    public void Should_warn_and_name_high_ches_pairs_When_chosen_falls_while_the_margin_grows()
    {
        // Given CHES scores where pair 1 is the most similar
        var monitor = new DisplacementMonitor(ChosenStart, RejectedStart, chesScores: [0.1, 5.0]);

        var warning = monitor.Observe(100, ChosenNow, RejectedNow);

        Assert.NotNull(warning);
        Assert.Equal([1, 0], warning.SuspectPairs);
        Assert.Contains("step 100", warning.Message);
        Assert.Contains("fell by 0.250 nats", warning.Message);
        Assert.Contains("margin grew by 2.750", warning.Message);
        Assert.Contains("1 of 2 probe pairs", warning.Message);
        Assert.Contains("#1 (5)", warning.Message);
    }

    [Fact]
    public void Should_stay_quiet_When_chosen_log_probs_rise_or_the_fall_is_within_tolerance()
    {
        var monitor = new DisplacementMonitor(ChosenStart, RejectedStart);
        Assert.Null(monitor.Observe(1, [-9.0, -19.0], RejectedNow));

        var tolerant = new DisplacementMonitor(ChosenStart, RejectedStart,
            options: new DisplacementMonitorOptions { Tolerance = 0.5 });
        Assert.Null(tolerant.Observe(1, ChosenNow, RejectedNow));
        Assert.NotNull(tolerant.Latest);
    }

    [Fact]
    public void Should_list_the_tokens_whose_probability_rose_most()
    {
        using var before = torch.tensor(new[] { 0.5, 0.3, 0.15, 0.05 });
        using var after = torch.tensor(new[] { 0.2, 0.3, 0.31, 0.19 });

        var top = LikelihoodDisplacement.TopIncreases(before, after, k: 2);

        // Token 2 rose by 0.31 - 0.15 = 0.16, token 3 by 0.19 - 0.05 = 0.14, the others fell or held
        Assert.Equal([2L, 3L], top.Select(t => t.TokenId));
        Assert.Equal(0.16, top[0].Increase, 12);
        Assert.Equal(0.05, top[1].Before, 12);
    }
}
