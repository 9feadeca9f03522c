using Plumb.Objectives;
using static Plumb.Tests.Objectives.Inputs;

namespace Plumb.Tests.Objectives;

public sealed class CompositeObjectiveTests
{
    [Fact]
    public void Should_sum_weighted_per_example_losses_and_report_each_term()
    {
        // MPO-style: 0.8 * DPO + 0.2 * bco_pair + 1 * sft = 0.8 * 0.620957 + 0.2 * 1.312700 + 2 = 2.759306
        var composite = CompositeObjective.Parse("sigmoid, bco_pair, sft", "0.8,0.2,1.0");

        var output = composite.Compute(Common(), ObjectiveState.Initial);

        Close(0.8 * 0.620957048 + 0.2 * 1.312700 + 2.0, output.Losses);
        Close(0.620957048, output.Metrics["loss/sigmoid"]);
        Close(2.0, output.Metrics["nll_loss"]);
        Close(0.1, output.ChosenRewards); // from the first term
        Assert.Equal(2.0, output.State.MeanOf("bco_pair").Count);
    }

    [Fact]
    public void Should_default_every_weight_to_one()
    {
        var composite = CompositeObjective.Parse("sigmoid,sft");

        Assert.Equal([1.0, 1.0], composite.Terms.Select(t => t.Weight));
        Assert.Equal("sigmoid,sft", composite.Info.Name);
    }

    [Fact]
    public void Should_list_the_registered_names_When_a_name_is_unknown()
    {
        var error = Assert.Throws<PlumbException>(() => CompositeObjective.Parse("sigmoid,dpo"));

        Assert.StartsWith("Unknown objective 'dpo'. Registered objectives: sigmoid, robust, ipo,", error.Message);
    }

    [Fact]
    public void Should_say_what_to_do_When_the_weight_count_differs()
    {
        var error = Assert.Throws<PlumbException>(() => CompositeObjective.Parse("sigmoid,sft", "1"));

        Assert.Equal("loss_weights has 1 value(s) but loss_type names 2 objective(s) (sigmoid, sft); "
            + "give one weight per objective, in the same order.", error.Message);
    }

    [Fact]
    public void Should_reject_a_weight_that_is_not_a_number()
    {
        var error = Assert.Throws<PlumbException>(() => CompositeObjective.Parse("sigmoid,sft", "1,abc"));
        Assert.Contains("'abc' is not a number", error.Message);
    }

    [Fact]
    public void Should_reject_an_unpaired_objective_among_pairs()
    {
        var error = Assert.Throws<PlumbException>(() => CompositeObjective.Parse("sigmoid,kto"));
        Assert.Contains("'kto' trains on unpaired", error.Message);
    }

    [Fact]
    public void Should_refuse_a_setting_no_chosen_objective_reads()
    {
        var settings = new ObjectiveSettings { LabelSmoothing = 0.1 };

        var error = Assert.Throws<PlumbException>(() => CompositeObjective.Parse("hinge,sft", null, settings));

        Assert.Equal("label_smoothing is set, but no chosen objective (hinge, sft) uses it; "
            + "remove it or choose an objective that does.", error.Message);
    }

    [Fact]
    public void Should_apply_run_settings_to_each_term()
    {
        // robust with eps = 0.1 from the settings: 0.602207; beta 0.1 is the default
        var composite = CompositeObjective.Parse("robust", null, new ObjectiveSettings { LabelSmoothing = 0.1 });
        Close(0.602207048, composite.Compute(Common(), ObjectiveState.Initial).Losses);
    }
}
