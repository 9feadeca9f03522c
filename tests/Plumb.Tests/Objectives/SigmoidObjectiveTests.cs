using Plumb.Objectives;
using static Plumb.Tests.Objectives.Inputs;

namespace Plumb.Tests.Objectives;

public sealed class SigmoidObjectiveTests
{
    [Fact]
    public void Should_match_the_worked_DPO_loss_and_rewards_When_given_the_common_inputs()
    {
        // lc = -10 - (-11) = 1, lr = -12 - (-11.5) = -0.5, h = 1.5, beta = 0.1
        // loss = -logsig(0.15) = log(1 + exp(-0.15)) = 0.620957; rewards = 0.1 * 1 = 0.1 and 0.1 * -0.5 = -0.05
        var output = new SigmoidObjective(new SigmoidOptions()).Compute(Common(), ObjectiveState.Initial);

        Close(0.620957048, output.Losses);
        Close(0.1, output.ChosenRewards);
        Close(-0.05, output.RejectedRewards);
    }

    [Fact]
    public void Should_compute_cDPO_When_label_smoothing_is_positive()
    {
        // eps = 0.1: 0.9 * -logsig(0.15) + 0.1 * -logsig(-0.15) = 0.9 * 0.620957 + 0.1 * 0.770957 = 0.635957
        var options = new SigmoidOptions { LabelSmoothing = 0.1 };
        var output = new SigmoidObjective(options).Compute(Common(), ObjectiveState.Initial);

        Close(0.635957048, output.Losses);
    }

    [Fact]
    public void Should_differ_by_minus_beta_h_and_swap_rewards_When_chosen_and_rejected_swap()
    {
        // Given the logistic identity -logsig(z) - (-logsig(-z)) = -z, with z = beta h = 0.15
        var dpo = new SigmoidObjective(new SigmoidOptions());
        var original = dpo.Compute(Common(), ObjectiveState.Initial);

        // When the pair is swapped
        var swapped = dpo.Compute(Swapped(Common()), ObjectiveState.Initial);

        // Then L(h) - L(-h) = -0.15 and the rewards trade places
        Close(-0.15, original.Losses - swapped.Losses);
        Close(original.ChosenRewards.item<double>(), swapped.RejectedRewards);
        Close(original.RejectedRewards.item<double>(), swapped.ChosenRewards);
    }

    [Fact]
    public void Should_decrease_as_the_margin_grows()
    {
        var dpo = new SigmoidObjective(new SigmoidOptions());
        var batch = Pairs((-10, -12, -11, -11.5), (-10, -13, -11, -11.5), (-10, -20, -11, -11.5));

        var losses = dpo.Compute(batch, ObjectiveState.Initial).Losses.data<double>().ToArray();

        Assert.True(losses[0] > losses[1] && losses[1] > losses[2]);
    }

    [Fact]
    public void Should_reject_label_smoothing_of_one_half_or_more()
    {
        var error = Assert.Throws<PlumbException>(
            () => new SigmoidObjective(new SigmoidOptions { LabelSmoothing = 0.5 }));
        Assert.Equal("label_smoothing must be in [0, 0.5) for 'sigmoid'; got 0.5.", error.Message);
    }

    [Fact]
    public void Should_name_the_remedy_When_reference_log_probs_are_missing()
    {
        var noReference = Common() with { ReferenceChosen = null, ReferenceRejected = null };

        var error = Assert.Throws<PlumbException>(
            () => new SigmoidObjective(new SigmoidOptions()).Compute(noReference, ObjectiveState.Initial));

        Assert.Contains("'sigmoid' needs reference log-probs", error.Message);
        Assert.Contains("'simpo'", error.Message);
    }
}
