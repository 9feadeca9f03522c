using Plumb.Diagnostics;

namespace Plumb.Tests.Diagnostics;

public sealed class RankingAccuracyTests
{
    [Fact]
    public void Should_count_ties_as_ranked_When_computing_ranking_accuracy()
    {
        // -10 >= -12 yes; -20 >= -18 no; -5 >= -5 yes (ties count, Def. 2.3 uses >=): 2 of 3
        double accuracy = RankingAccuracy.Compute([-10, -20, -5], [-12, -18, -5]);
        Assert.Equal(2.0 / 3, accuracy, 12);
    }

    [Fact]
    public void Should_rank_by_mean_token_log_prob_When_length_normalised()
    {
        // -20 over 10 tokens = -2 per token >= -18 over 6 tokens = -3: R~ = 1 while R = 0 (objectives.md 2)
        Assert.Equal(1.0, RankingAccuracy.ComputeLengthNormalised([-20], [-18], [10], [6]));
        Assert.Equal(0.0, RankingAccuracy.Compute([-20], [-18]));
    }

    [Theory]
    // -2 + (1/0.1) ln(0.75/0.25) = -2 + 10 ln 3 = 8.986123 > 0
    [InlineData(0.1, 0.75, true)]
    // -2 + ln 3 = -0.901388 < 0
    [InlineData(1.0, 0.75, false)]
    // unanimous: -2 + ln(1/0.001) = 4.907755 > 0
    [InlineData(1.0, 1.0, true)]
    // alpha = 0.5: -2 + 0 < 0 at any beta
    [InlineData(0.01, 0.5, false)]
    public void Should_follow_theorem_3_1_When_deciding_the_ideal_ranking(double beta, double alpha, bool expected)
    {
        Assert.Equal(expected, RankingAccuracy.IdealRanked(-20, -18, beta, alpha));
    }

    [Fact]
    public void Should_treat_missing_preference_probability_as_unanimous()
    {
        Assert.True(RankingAccuracy.IdealRanked(-20, -18, 1.0));
    }

    [Fact]
    public void Should_give_the_theorem_4_1_threshold_for_a_hard_pair()
    {
        // c = log pi_ref(yl) - log pi_ref(yw) = -18 - -20 = 2; -logsig(0.1 * 2) = log(1 + e^-0.2) = 0.598139
        Assert.Equal(0.598139, RankingAccuracy.LossThreshold(-20, -18, 0.1), 6);
    }

    [Fact]
    public void Should_report_accuracy_ideal_accuracy_gap_and_difficulty()
    {
        // Pair 0: policy -19 < -18.5, so not ranked; ideal true (8.986 > 0); threshold 0.598139;
        //   DPO loss: lc = -19 - -20 = 1, lr = -18.5 - -18 = -0.5, h = 1.5, -logsig(0.15) = 0.620957.
        // Pair 1: policy -10 >= -12, ranked; ideal 0.5 + 10 ln 1000 > 0; c = -11.5 - -11 = -0.5,
        //   threshold -logsig(-0.05) = log(1 + e^0.05) = 0.718460; lc = 1, lr = -0.5, loss 0.620957.
        RankingPair[] pairs = [new(-19, -18.5, -20, -18, 0.75), new(-10, -12, -11, -11.5)];

        var report = RankingAccuracy.Evaluate(pairs, beta: 0.1);

        Assert.Equal(0.5, report.RankingAccuracy, 12);
        Assert.Equal(1.0, report.IdealisedRankingAccuracy, 12);
        Assert.Equal(0.5, report.Gap, 12);
        Assert.False(report.Pairs[0].Ranked);
        Assert.True(report.Pairs[0].IdealRanked);
        Assert.Equal(0.598139, report.Pairs[0].LossThreshold, 6);
        Assert.Equal(0.620957, report.Pairs[0].DpoLoss, 6);
        Assert.Equal(0.718460, report.Pairs[1].LossThreshold, 6);
        Assert.Equal(0.620957, report.Pairs[1].DpoLoss, 6);
    }

    [Fact]
    public void Should_refuse_a_non_positive_beta()
    {
        Assert.Throws<ArgumentException>(() => RankingAccuracy.LossThreshold(-1, -2, 0));
    }
}
