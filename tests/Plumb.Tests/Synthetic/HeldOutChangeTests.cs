using Plumb.Synthetic;

namespace Plumb.Tests.Synthetic;

public sealed class HeldOutChangeTests
{
    [Fact]
    public void Should_report_rankings_rewards_and_displacement_When_comparing_before_and_after()
    {
        // Given three pairs (log π summed, nats):
        //   pair  kind   chosen before→after   rejected before→after   margin before→after   Δchosen  Δrejected
        //   0     rude   -2 → -3                -1 → -6                 -1 → +3              -1       -5
        //   1     wrong  -2 → -1                -5 → -9                 +3 → +8              +1       -4
        //   2     rude   -4 → -4.5              -3 → -2                 -1 → -2.5            -0.5     +1
        var before = (new[] { -2.0, -2, -4 }, new[] { -1.0, -5, -3 });
        var after = (new[] { -3.0, -1, -4.5 }, new[] { -6.0, -9, -2 });
        PairKind?[] kinds = [PairKind.Rude, PairKind.Wrong, PairKind.Rude];

        var change = HeldOutChange.Compare(before, after, kinds, beta: 0.1);

        // Then ranking: before only pair 1 (1/3), after pairs 0 and 1 (2/3)
        Assert.Equal(1 / 3.0, change.RankingBefore, 12);
        Assert.Equal(2 / 3.0, change.RankingAfter, 12);
        // reward accuracy: margin changes +4, +5, -1.5 -> 2 of 3 positive; reward margin 0.1 * 7.5 / 3 = 0.25
        Assert.Equal(2 / 3.0, change.RewardAccuracy, 12);
        Assert.Equal(0.25, change.MeanRewardMargin, 12);
        // means: Δchosen (-1 + 1 - 0.5) / 3 = -0.5/3; Δrejected (-5 - 4 + 1) / 3 = -8/3; 2 of 3 chosen fell
        Assert.Equal(-0.5 / 3, change.Displacement.MeanChosenChange, 12);
        Assert.Equal(-8 / 3.0, change.Displacement.MeanRejectedChange, 12);
        Assert.Equal(2 / 3.0, change.Displacement.FractionChosenFell, 12);
        Assert.Equal(-8 / 3.0, change.MeanChosenBefore, 12);
        // by kind: rude pairs 0 and 2 rank 0/2 -> 1/2, margin -1 -> (3 - 2.5) / 2 = 0.25, Δchosen -0.75
        var rude = change.ByKind[PairKind.Rude];
        Assert.Equal(new KindChange(2, 0.0, 0.5, -1.0, 0.25, -0.75), rude);
        Assert.Equal(1, change.ByKind[PairKind.Wrong].Pairs);
    }

    [Fact]
    public void Should_refuse_kinds_that_do_not_match_the_pairs()
    {
        var scores = (new[] { -1.0 }, new[] { -2.0 });
        Assert.Throws<ArgumentException>(() => HeldOutChange.Compare(scores, scores, [], 0.1));
    }
}
