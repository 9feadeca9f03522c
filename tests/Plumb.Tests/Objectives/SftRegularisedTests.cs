using Plumb.Objectives;
using static Plumb.Tests.Objectives.Inputs;

namespace Plumb.Tests.Objectives;

/// <summary>SFT, RPO (Liu et al.) and VPO: DPO-family losses with a likelihood term.</summary>
public sealed class SftRegularisedTests
{
    [Fact]
    public void Should_give_the_batch_token_mean_NLL_as_the_mean_of_per_example_losses()
    {
        // Given chosen sums -10 over 5 tokens and -6 over 1 token: token mean = 16 / 6 = 2.666667
        // per example: 10 * 2/6 = 3.333333 and 6 * 2/6 = 2; their mean is 2.666667
        var batch = Pairs((-10, -12, 0, 0), (-6, -12, 0, 0)) with { ChosenLengths = V(5, 1) };

        var output = new SftObjective(new SftOptions()).Compute(batch, ObjectiveState.Initial);

        Close([3.333333333, 2.0], output.Losses);
        Close(2.666666667, output.Metrics["nll_loss"]);
    }

    [Fact]
    public void Should_match_TRLs_rpo_alpha_as_sigmoid_plus_sft()
    {
        // DPO 0.620957 + 1 * (10 / 5) = 2.620957
        var composite = CompositeObjective.Parse("sigmoid,sft", "1,1");
        Close(2.620957048, composite.Compute(Common(), ObjectiveState.Initial).Losses);
    }

    [Fact]
    public void Should_match_the_official_RPO_loss()
    {
        // -logsig(0.01 * 1.5) - 0.005 * 0.01 * (-10) = 0.685675 + 0.0005 = 0.686175
        var rpo = new RpoObjective(new RpoOptions { Beta = 0.01, Eta = 0.005 });
        Close(0.686175, rpo.Compute(Common(), ObjectiveState.Initial).Losses);

        // beta = 0.1, eta = 1: 0.620957 + 0.1 * 10 = 1.620957
        var strong = new RpoObjective(new RpoOptions { Beta = 0.1, Eta = 1.0 });
        Close(1.620957048, strong.Compute(Common(), ObjectiveState.Initial).Losses);
    }

    [Fact]
    public void Should_match_the_averaged_RPO_variant_of_appendix_F()
    {
        // OpenRLHF: 0.620957 + 0.2 * (10 / 5) = 1.020957
        var rpo = new RpoObjective(new RpoOptions { Eta = 0.2, Normalization = NllNormalization.SequenceMean });
        Close(1.020957048, rpo.Compute(Common(), ObjectiveState.Initial).Losses);
    }

    [Theory]
    // online (sign +1): 0.620957 + 0.1 * 0.1 * (-20) = 0.420957; offline (sign -1): 0.820957
    [InlineData(VpoMode.Online, 0.420957048)]
    [InlineData(VpoMode.Offline, 0.820957048)]
    public void Should_match_the_worked_VPO_losses(VpoMode mode, double expected)
    {
        var vpo = new VpoObjective(new VpoOptions { Alpha = 0.1, Mode = mode });
        var batch = Common() with { PolicyCalibration = V(-20.0) };

        Close(expected, vpo.Compute(batch, ObjectiveState.Initial).Losses);
    }

    [Fact]
    public void Should_use_the_pairs_own_responses_as_calibration_samples_When_none_are_given()
    {
        // log pi(y_cal) = (-10 - 12) / 2 = -11; offline: 0.620957 + 0.1 * 0.1 * 11 = 0.730957
        var vpo = new VpoObjective(new VpoOptions { Alpha = 0.1 });
        Close(0.730957048, vpo.Compute(Common(), ObjectiveState.Initial).Losses);
    }
}
