using Plumb.Objectives;
using static Plumb.Tests.Objectives.Inputs;

namespace Plumb.Tests.Objectives;

public sealed class RobustObjectiveTests
{
    [Fact]
    public void Should_match_the_worked_rDPO_loss_When_epsilon_is_one_tenth()
    {
        // (0.9 * -logsig(0.15) - 0.1 * -logsig(-0.15)) / 0.8 = (0.558861 - 0.077096) / 0.8 = 0.602207
        var output = new RobustObjective(new RobustOptions { LabelSmoothing = 0.1 })
            .Compute(Common(), ObjectiveState.Initial);

        Close(0.602207048, output.Losses);
        Close(0.1, output.ChosenRewards);
    }

    [Fact]
    public void Should_recover_the_clean_DPO_loss_in_expectation_over_label_flips()
    {
        // Given labels flipped with probability eps, the paper's unbiasedness:
        // (1 - eps) * L_r(h) + eps * L_r(-h) = -logsig(beta h) = 0.620957
        var robust = new RobustObjective(new RobustOptions { LabelSmoothing = 0.2 });

        var kept = robust.Compute(Common(), ObjectiveState.Initial).Losses;
        var flipped = robust.Compute(Swapped(Common()), ObjectiveState.Initial).Losses;

        Close(0.620957048, 0.8 * kept + 0.2 * flipped);
    }
}
