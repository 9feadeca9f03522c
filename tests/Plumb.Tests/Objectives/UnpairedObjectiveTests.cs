using Plumb.Objectives;
using TorchSharp;
using static Plumb.Tests.Objectives.Inputs;

namespace Plumb.Tests.Objectives;

public sealed class UnpairedObjectiveTests
{
    /// <summary>A desirable row with log-ratio 1 and an undesirable row with log-ratio -0.5.</summary>
    private static UnpairedLogProbs Rows() => new()
    {
        Policy = V(-10.0, -12.0),
        Reference = V(-11.0, -11.5),
        IsDesirable = torch.tensor(new[] { true, false }),
        // mismatched log-ratios 0.5 and -0.1: z0 = mean = 0.2
        PolicyMismatched = V(-9.5, -10.1),
        ReferenceMismatched = V(-10.0, -10.0),
    };

    [Fact]
    public void Should_match_the_worked_KTO_losses_with_z0_from_mismatched_pairs()
    {
        // desirable: 1 - sigmoid(0.1 * (1 - 0.2)) = 0.480011; undesirable: 1 - sigmoid(0.1 * (0.2 + 0.5)) = 0.482507
        var output = new KtoObjective(new KtoOptions()).Compute(Rows(), ObjectiveState.Initial);

        Close([0.480011, 0.482507], output.Losses);
        Close(0.481259, output.Losses.mean());
        Close(0.2, output.Metrics["kl"]);
        Close(0.1, output.ChosenRewards);
        Close(-0.05, output.RejectedRewards);
    }

    [Fact]
    public void Should_clamp_z0_at_zero_and_pass_no_gradient_through_it()
    {
        // Given mismatched log-ratios with a negative mean, z0 = 0:
        // 1 - sigmoid(0.1) = 0.475021 and 1 - sigmoid(0.05) = 0.487503
        var mismatched = V(-11.0, -10.5).requires_grad_(true);
        var rows = Rows() with { Policy = V(-10.0, -12.0).requires_grad_(true), PolicyMismatched = mismatched };

        var output = new KtoObjective(new KtoOptions()).Compute(rows, ObjectiveState.Initial);
        output.Losses.sum().backward();

        Close([0.475020813, 0.487502604], output.Losses);
        Assert.Null(mismatched.grad);
        Assert.NotNull(rows.Policy.grad);
    }

    [Fact]
    public void Should_explain_how_to_build_mismatched_pairs_When_KTO_has_none()
    {
        var rows = Rows() with { PolicyMismatched = null };

        var error = Assert.Throws<PlumbException>(
            () => new KtoObjective(new KtoOptions()).Compute(rows, ObjectiveState.Initial));

        Assert.Contains("mismatched (prompt, completion) pairs", error.Message);
    }

    [Fact]
    public void Should_anchor_at_zero_for_unpaired_APO()
    {
        // 1 - sigmoid(0.1) = 0.475021 and sigmoid(-0.05) = 0.487503; no mismatched pairs needed
        var rows = Rows() with { PolicyMismatched = null, ReferenceMismatched = null };

        var output = new KtoObjective(new KtoOptions { ApoZero = true }).Compute(rows, ObjectiveState.Initial);

        Close([0.475020813, 0.487502604], output.Losses);
    }

    [Fact]
    public void Should_match_the_worked_BCO_losses_with_the_running_mean_shift()
    {
        // r = [0.1, -0.05], delta = 0.025: -logsig(0.1 - 0.025) = -logsig(0.075) = 0.656350 and
        // -logsig(-(-0.05 - 0.025)) = -logsig(0.075) = 0.656350; mean 0.656350
        var output = new BcoObjective(new BcoOptions()).Compute(Rows(), ObjectiveState.Initial);

        Close(0.656350, output.Losses.mean());
        Close(0.025, output.Metrics["delta"]);
        Assert.Equal(2.0, output.State.MeanOf("bco").Count);
    }

    [Fact]
    public void Should_weight_undesirable_rows_by_the_clipped_density_ratio_for_UDM()
    {
        // P(desirable | x) = 0.8 -> w = 0.8 / 0.2 = 4 on the undesirable row: (0.656350 + 4 * 0.656350) / 2 = 1.640875
        var rows = Rows() with { DesirableProbability = V(0.5, 0.8) };

        var output = new BcoObjective(new BcoOptions()).Compute(rows, ObjectiveState.Initial);

        Close(1.640875, output.Losses.mean());
    }

    [Theory]
    [InlineData("kto")]
    [InlineData("apo_zero_unpaired")]
    [InlineData("bco")]
    public void Should_raise_desirable_and_lower_undesirable_completions(string name)
    {
        var policy = V(-10.0, -12.0).requires_grad_(true);
        var rows = Rows() with { Policy = policy };

        ObjectiveRegistry.CreateUnpaired(name).Compute(rows, ObjectiveState.Initial).Losses.mean().backward();

        var grad = policy.grad!.data<double>().ToArray();
        Assert.True(grad[0] < 0.0, $"{name}: desirable gradient {grad[0]}");
        Assert.True(grad[1] > 0.0, $"{name}: undesirable gradient {grad[1]}");
    }

    [Fact]
    public void Should_pair_each_prompt_with_the_previous_rows_completion_for_the_KL_estimate()
    {
        Assert.Equal([3, 0, 1, 2], KtoObjective.MismatchedCompletionIndices(4));
        Assert.Throws<PlumbException>(() => KtoObjective.MismatchedCompletionIndices(1));
    }

    [Fact]
    public void Should_refuse_a_paired_setting_for_an_unpaired_objective()
    {
        var error = Assert.Throws<PlumbException>(
            () => ObjectiveRegistry.CreateUnpaired("kto", new ObjectiveSettings { LabelSmoothing = 0.1 }));
        Assert.StartsWith("label_smoothing is set, but no chosen objective (kto) uses it", error.Message);
    }
}
