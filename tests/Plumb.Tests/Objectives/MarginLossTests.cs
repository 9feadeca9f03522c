using Plumb.Objectives;
using static Plumb.Tests.Objectives.Inputs;

namespace Plumb.Tests.Objectives;

/// <summary>IPO, hinge, EXO, NCA, SPPO, DiscoPOP and length-normalised DPO on the common inputs.</summary>
public sealed class MarginLossTests
{
    [Fact]
    public void Should_regress_the_length_normalised_margin_onto_one_over_two_tau_for_IPO()
    {
        // normalised margin = 1/5 - (-0.5)/10 = 0.25; target 1/(2 * 0.1) = 5; (0.25 - 5)^2 = 22.5625
        var ipo = new IpoObjective(new IpoOptions());
        Close(22.5625, ipo.Compute(Common(), ObjectiveState.Initial).Losses);

        // summed (OpenRLHF, Razin et al.): (1.5 - 5)^2 = 12.25
        var summed = new IpoObjective(new IpoOptions { LengthNormalized = false });
        Close(12.25, summed.Compute(Common(), ObjectiveState.Initial).Losses);
    }

    [Fact]
    public void Should_have_zero_gradient_at_the_IPO_target_margin()
    {
        // Given h = 1/(2 beta) = 5 exactly (summed form): lc = 5, lr = 0
        var atTarget = Pairs((-6, -11.5, -11, -11.5));
        var ipo = new IpoObjective(new IpoOptions { LengthNormalized = false });

        var (chosen, rejected) = PolicyGradients(ipo, atTarget);

        Assert.Equal(0.0, chosen, 1e-12);
        Assert.Equal(0.0, rejected, 1e-12);
    }

    [Fact]
    public void Should_apply_the_hinge_and_vanish_beyond_the_margin()
    {
        // relu(1 - 0.1 * 1.5) = 0.85; with beta = 1: relu(1 - 1.5) = 0 and no gradient
        Close(0.85, new HingeObjective(new HingeOptions()).Compute(Common(), ObjectiveState.Initial).Losses);
        var wide = new HingeObjective(new HingeOptions { Beta = 1.0 });
        Close(0.0, wide.Compute(Common(), ObjectiveState.Initial).Losses);
        Assert.Equal((0.0, 0.0), PolicyGradients(wide, Common()));
    }

    [Fact]
    public void Should_match_the_hand_worked_EXO_pair_loss()
    {
        // z = 0.15, q_w = sigmoid(0.15) = 0.537430, q_l = 0.462570, logsig(z) = -0.620957, logsig(-z) = -0.770957
        // eps = 1e-3: log(1 - eps) = -0.0010005, log eps = -6.907755
        // 0.537430 * (-0.620957 + 0.0010005) + 0.462570 * (-0.770957 + 6.907755) = -0.333183 + 2.838700 = 2.505517
        var output = new ExoPairObjective(new ExoPairOptions()).Compute(Common(), ObjectiveState.Initial);
        Close(2.505516555, output.Losses);
    }

    [Fact]
    public void Should_require_a_positive_epsilon_for_EXO()
    {
        var error = Assert.Throws<PlumbException>(
            () => new ExoPairObjective(new ExoPairOptions { LabelSmoothing = 0.0 }));
        Assert.Contains("(0, 1) for 'exo_pair'", error.Message);
    }

    [Fact]
    public void Should_match_the_hand_worked_NCA_pair_loss()
    {
        // r_w = 0.1, r_l = -0.05: -logsig(0.1) - 0.5 logsig(-0.1) - 0.5 logsig(0.05)
        //   = 0.644397 + 0.5 * 0.744397 + 0.5 * 0.668460 = 1.350825
        var output = new NcaPairObjective(new NcaPairOptions()).Compute(Common(), ObjectiveState.Initial);
        Close(1.350824814, output.Losses);
    }

    [Fact]
    public void Should_match_the_hand_worked_SPPO_hard_loss()
    {
        // (lc - 1/(2 beta))^2 + (lr + 1/(2 beta))^2 = (1 - 5)^2 + (-0.5 + 5)^2 = 16 + 20.25 = 36.25
        var output = new SppoHardObjective(new SppoHardOptions()).Compute(Common(), ObjectiveState.Initial);
        Close(36.25, output.Losses);
    }

    [Fact]
    public void Should_match_the_hand_worked_DiscoPOP_loss()
    {
        // z = 0.15, m = sigmoid(0.15 / 0.05) = sigmoid(3) = 0.952574
        // (1 - m) * 0.620957 + m * exp(-0.15) = 0.047426 * 0.620957 + 0.952574 * 0.860708 = 0.849338
        var output = new DiscoPopObjective(new DiscoPopOptions()).Compute(Common(), ObjectiveState.Initial);
        Close(0.849337579, output.Losses);
    }

    [Fact]
    public void Should_divide_log_ratios_by_length_for_sigmoid_norm()
    {
        // -logsig(0.1 * (1/5 + 0.5/10)) = -logsig(0.025) = 0.680725
        var output = new SigmoidNormObjective(new SigmoidNormOptions()).Compute(Common(), ObjectiveState.Initial);
        Close(0.680725304, output.Losses);
    }

    [Fact]
    public void Should_ask_for_lengths_When_a_length_normalised_loss_has_none()
    {
        var noLengths = Common() with { ChosenLengths = null, RejectedLengths = null };

        var error = Assert.Throws<PlumbException>(() =>
            new SigmoidNormObjective(new SigmoidNormOptions()).Compute(noLengths, ObjectiveState.Initial));

        Assert.Contains("'sigmoid_norm' needs completion token counts", error.Message);
    }
}
