using Plumb.Objectives;
using static Plumb.Tests.Objectives.Inputs;

namespace Plumb.Tests.Objectives;

/// <summary>SimPO, CPO, ORPO and MaPO: no reference model.</summary>
public sealed class ReferenceFreeTests
{
    public static TheoryData<string> Names => ["simpo", "cpo", "orpo", "mapo", "sft"];

    [Fact]
    public void Should_match_the_hand_worked_SimPO_loss()
    {
        // mean log-probs -10/5 = -2 and -12/10 = -1.2; z = 2 * (-2 + 1.2) - 0.5 = -2.1
        // -logsig(-2.1) = 2.1 + log(1 + e^-2.1) = 2.215520; rewards 2 * -2 = -4 and 2 * -1.2 = -2.4
        var output = new SimPoObjective(new SimPoOptions()).Compute(Common(), ObjectiveState.Initial);

        Close(2.215519523, output.Losses);
        Close(-4.0, output.ChosenRewards);
        Close(-2.4, output.RejectedRewards);
    }

    [Fact]
    public void Should_match_the_hand_worked_CPO_loss()
    {
        // -logsig(0.1 * (-10 + 12)) + 1 * 10/5 = 0.598139 + 2 = 2.598139
        var output = new CpoObjective(new CpoOptions()).Compute(Common(), ObjectiveState.Initial);

        Close(2.598138869, output.Losses);
        Close(2.0, output.Metrics["nll_loss"]);
    }

    [Fact]
    public void Should_match_the_hand_worked_ORPO_loss()
    {
        // m_w = -2, m_l = -1.2; log(1 - e^-2) = -0.145413, log(1 - e^-1.2) = -0.358382
        // log odds = (-2 + 1.2) - (-0.145413 + 0.358382) = -1.012969; logsig = -1.322759
        // loss = NLL 2 - 0.1 * (-1.322759) = 2.132276
        var output = new OrpoObjective(new OrpoOptions()).Compute(Common(), ObjectiveState.Initial);

        Close(2.132275926, output.Losses);
        Close(-1.012968960, output.Metrics["log_odds_chosen"]);
        Close(-1.322759258, output.Metrics["log_odds_ratio"]);
    }

    [Fact]
    public void Should_match_the_worked_MaPO_loss_with_token_NLLs_in_place_of_MSEs()
    {
        // L_w = 1/5 = 0.2, L_l = 2.01/10 = 0.201; s(L) = 0.5 L / (e^(0.5 L) - 1)
        // s(0.2) - s(0.201) = 0.000242; logsig(1000 * 0.000242) = -0.579604; 0.2 + 0.1 * 0.579604 = 0.257960
        var batch = Common() with { PolicyChosen = V(-1.0), PolicyRejected = V(-2.01) };

        var output = new MapoObjective(new MapoOptions()).Compute(batch, ObjectiveState.Initial);

        Close(0.257960, output.Losses);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Should_ignore_the_reference_model(string name)
    {
        var objective = ObjectiveRegistry.CreatePaired(name);
        var withReference = objective.Compute(Common(), ObjectiveState.Initial);

        var without = objective.Compute(
            Common() with { ReferenceChosen = null, ReferenceRejected = null }, ObjectiveState.Initial);

        Close(withReference.Losses.item<double>(), without.Losses);
        Assert.False(objective.Info.NeedsReferenceModel);
    }
}
