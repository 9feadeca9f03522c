using Plumb.Objectives;
using static Plumb.Tests.Objectives.Inputs;

namespace Plumb.Tests.Objectives;

/// <summary>APO and AOT: losses that anchor or sort instead of taking one pair's margin.</summary>
public sealed class AnchoredLossTests
{
    [Fact]
    public void Should_match_the_hand_worked_APO_zero_loss()
    {
        // (1 - sigmoid(0.1)) + sigmoid(-0.05) = 0.475021 + 0.487503 = 0.962523
        var output = new ApoObjective(new ApoOptions()).Compute(Common(), ObjectiveState.Initial);
        Close(0.962523416, output.Losses);
    }

    [Fact]
    public void Should_match_the_hand_worked_APO_down_loss_and_push_the_chosen_down()
    {
        // sigmoid(0.1) + (1 - sigmoid(0.15)) = 0.524979 + 0.462570 = 0.987549
        var down = new ApoObjective(new ApoOptions { Anchor = ApoAnchor.Down });
        Close(0.987549342, down.Compute(Common(), ObjectiveState.Initial).Losses);

        // d/d(pc) = 0.1 sigma'(0.1) - 0.1 sigma'(0.15) = 0.1 (0.249376 - 0.248599) > 0: chosen goes down
        Assert.True(PolicyGradients(down, Common()).Chosen > 0.0);
    }

    [Fact]
    public void Should_sort_the_policy_and_reference_differences_separately_for_AOT()
    {
        // Given pairs (pc, pr, rc, rr) = (-10, -12, -11, -11.5) and (-8, -7, -9, -9)
        // policy differences sorted [-1, 2], reference differences sorted [0, 0.5], D = [-1, 1.5]
        // losses -logsig(-0.1) = 0.744397, -logsig(0.15) = 0.620957
        var batch = Pairs((-10, -12, -11, -11.5), (-8, -7, -9, -9));

        var output = new AotObjective(new AotOptions()).Compute(batch, ObjectiveState.Initial);

        Close([0.744396660, 0.620957048], output.Losses);
        Close([0.1, 0.1], output.ChosenRewards); // rewards stay in batch order: 0.1 * [1, 1]
    }

    [Fact]
    public void Should_sort_chosen_and_rejected_log_ratios_separately_for_unpaired_AOT()
    {
        // chosen log-ratios [1, 1], rejected [-0.5, 2] -> sorted D = [1 - (-0.5), 1 - 2] = [1.5, -1]
        var batch = Pairs((-10, -12, -11, -11.5), (-8, -7, -9, -9));

        var output = new AotObjective(new AotOptions { Unpaired = true }).Compute(batch, ObjectiveState.Initial);

        Close([0.620957048, 0.744396660], output.Losses);
    }

    [Fact]
    public void Should_refuse_an_f_divergence_for_AOT()
    {
        var error = Assert.Throws<PlumbException>(() => new AotObjective(new AotOptions
        {
            Divergence = new FDivergence(FDivergenceKind.JsDivergence),
        }));
        Assert.Contains("takes no f-divergence", error.Message);
    }
}
