using Plumb.Objectives;
using static Plumb.Tests.Objectives.Inputs;

namespace Plumb.Tests.Objectives;

public sealed class BcoPairObjectiveTests
{
    [Fact]
    public void Should_shift_by_the_batch_mean_reward_on_the_first_batch()
    {
        // r_w = 0.1, r_l = -0.05, delta = (0.1 - 0.05) / 2 = 0.025 (the running mean includes this batch)
        // -logsig(0.1 - 0.025) - logsig(-(-0.05 - 0.025)) = 2 * -logsig(0.075) = 2 * 0.656350 = 1.312700
        var output = new BcoPairObjective(new BcoPairOptions()).Compute(Common(), ObjectiveState.Initial);

        Close(1.312700, output.Losses);
        Close(0.025, output.Metrics["delta"]);
        Assert.Equal(new RunningMean(0.025, 2), output.State.MeanOf("bco_pair"));
    }

    [Fact]
    public void Should_drop_the_shift_When_TRL_compatible()
    {
        // TRL 0.29+: -logsig(0.1) - logsig(0.05) = 0.644397 + 0.668460 = 1.312856
        var trl = new BcoPairObjective(new BcoPairOptions { ShiftRewards = false });

        var output = trl.Compute(Common(), ObjectiveState.Initial);

        Close(1.312856, output.Losses);
        Assert.Equal("bco_pair_trl", trl.Info.Name);
        Assert.Same(ObjectiveState.Initial, output.State);
    }

    [Fact]
    public void Should_average_batch_means_When_updating_per_batch_as_TRL_0_28()
    {
        // batch means 0.025 then 0.2, one count each: 0.025 + (0.2 - 0.025) * 1/2 = 0.1125
        var bco = new BcoPairObjective(new BcoPairOptions { Update = RewardShiftUpdate.PerBatchMean });
        var first = bco.Compute(Common(), ObjectiveState.Initial);
        // second batch: r_w = 0.1 * 2.5 = 0.25, r_l = 0.1 * 1.5 = 0.15, mean 0.2
        var second = bco.Compute(Pairs((-8.5, -10, -11, -11.5)), first.State);

        Close(0.1125, second.Metrics["delta"]);
    }

    [Fact]
    public void Should_be_pure_and_leave_the_mean_alone_When_evaluating()
    {
        var bco = new BcoPairObjective(new BcoPairOptions());
        var trained = bco.Compute(Common(), ObjectiveState.Initial).State;

        // Given the same state twice, the same output; in evaluation the state comes back unchanged
        var a = bco.Compute(Pairs((-8.5, -10, -11, -11.5)), trained);
        var b = bco.Compute(Pairs((-8.5, -10, -11, -11.5)), trained);
        var eval = bco.Compute(Pairs((-8.5, -10, -11, -11.5)), trained with { IsTraining = false });

        Close(a.Losses.item<double>(), b.Losses);
        Assert.Equal(trained.MeanOf("bco_pair"), eval.State.MeanOf("bco_pair"));
        Close(0.025, eval.Metrics["delta"]);
    }

    [Fact]
    public void Should_weight_every_reward_once_When_updating_per_reward()
    {
        // 2 rewards with mean 0.025, then 4 with mean 0.2: (2 * 0.025 + 4 * 0.2) / 6 = 0.141667
        var mean = RunningMean.Empty.Update(0.025, 2).Update(0.2, 4);
        Assert.Equal(0.141667, mean.Mean, Tolerance);
    }
}
