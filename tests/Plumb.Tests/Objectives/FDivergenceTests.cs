using Plumb.Objectives;
using static Plumb.Tests.Objectives.Inputs;

namespace Plumb.Tests.Objectives;

public sealed class FDivergenceTests
{
    [Theory]
    // reverse KL: margin = lc - lr = 1.5; loss -logsig(0.15) = 0.620957
    [InlineData(FDivergenceKind.ReverseKl, 0.5, 0.620957048)]
    // forward KL: -exp(-1) + exp(0.5) = -0.367879 + 1.648721 = 1.280842; -logsig(0.1280842) = 0.631154
    [InlineData(FDivergenceKind.ForwardKl, 0.5, 0.631154)]
    // JS: logsig(1) - logsig(-0.5) = -0.313262 + 0.974077 = 0.660815; -logsig(0.0660815) = 0.660652
    [InlineData(FDivergenceKind.JsDivergence, 0.5, 0.660652)]
    // alpha 0.5: (1 - e^-0.5)/0.5 - (1 - e^0.25)/0.5 = 0.786939 + 0.568051 = 1.354990; loss 0.627691
    [InlineData(FDivergenceKind.AlphaDivergence, 0.5, 0.627691)]
    public void Should_match_the_worked_f_DPO_losses(FDivergenceKind kind, double alpha, double expected)
    {
        var options = new SigmoidOptions { Divergence = new FDivergence(kind, alpha) };

        var output = new SigmoidObjective(options).Compute(Common(), ObjectiveState.Initial);

        Close(expected, output.Losses);
        Close(0.1, output.ChosenRewards); // TRL logs beta * raw log-ratio whatever the divergence
    }

    [Fact]
    public void Should_convert_TRL_coefficients_to_the_paper_alpha()
    {
        // TRL 0.29+ coef 0.3 equals paper alpha 0.7: (1 - e^-0.7)/0.7 - (1 - e^0.35)/0.7 = 1.317832
        var trl = FDivergence.FromTrlCoefficient(0.3);
        var margin = trl.Score(V(1.0)) - trl.Score(V(-0.5));
        Close(1.317832, margin);

        // TRL 0.28 coef 1.0 is the paper's alpha 1, which is forward KL up to a constant: 1.280842
        var legacy = FDivergence.FromLegacyTrlCoefficient(1.0);
        Close(1.280842, legacy.Score(V(1.0)) - legacy.Score(V(-0.5)));
    }

    [Theory]
    [InlineData(FDivergenceKind.ForwardKl)]
    [InlineData(FDivergenceKind.JsDivergence)]
    [InlineData(FDivergenceKind.AlphaDivergence)]
    public void Should_score_larger_log_ratios_higher(FDivergenceKind kind)
    {
        var scores = new FDivergence(kind).Score(V(-2, -0.5, 0, 0.5, 2)).data<double>().ToArray();

        for (int i = 1; i < scores.Length; i++) Assert.True(scores[i] > scores[i - 1]);
    }

    [Fact]
    public void Should_reject_an_alpha_outside_the_unit_interval()
    {
        var error = Assert.Throws<PlumbException>(() => new SigmoidObjective(new SigmoidOptions
        {
            Divergence = new FDivergence(FDivergenceKind.AlphaDivergence, 1.5),
        }));
        Assert.Contains("alpha in (0, 1]", error.Message);
    }

    [Fact]
    public void Should_read_TRL_config_fields_and_name_the_choices_for_an_unknown_type()
    {
        Assert.Equal(new FDivergence(FDivergenceKind.AlphaDivergence, 0.7), FDivergence.FromTrl("alpha_divergence", 0.3));
        Assert.Equal(FDivergenceKind.JsDivergence, FDivergence.FromTrl("js_divergence").Kind);

        var error = Assert.Throws<PlumbException>(() => FDivergence.FromTrl("kl"));
        Assert.Equal(
            "Unknown f-divergence 'kl'; use reverse_kl, forward_kl, js_divergence or alpha_divergence.", error.Message);
    }
}
