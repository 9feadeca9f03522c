using Plumb.Diagnostics;

namespace Plumb.Tests.Diagnostics;

public sealed class ChesFilterTests
{
    [Fact]
    public void Should_centre_the_window_like_the_reference_code_When_slicing_a_quantile()
    {
        // N=20, q=0.5, n=5: idx = round(9.5) = 10 (half to even), start = 10 - 2 = 8, so positions 8..12
        Assert.Equal((8, 13), ChesFilter.QuantileWindow(20, 0.5, 5));
        // q=1: the window is shifted left to end at N
        Assert.Equal((15, 20), ChesFilter.QuantileWindow(20, 1.0, 5));
        Assert.Equal((0, 5), ChesFilter.QuantileWindow(20, 0.0, 5));
    }

    [Fact]
    public void Should_keep_the_lowest_five_percent_by_default()
    {
        // Given 40 pairs scored 40 - i, so pair 39 has the lowest score and pair 38 the next
        var scores = Enumerable.Range(0, 40).Select(i => 40.0 - i).ToList();

        var result = new ChesFilter().Apply(scores);

        // Then ceil(0.05 * 40) = 2 pairs are kept, the two lowest, and the other 38 are removed as "above"
        Assert.Equal([38, 39], result.Kept);
        Assert.Equal(38, result.Removed.Count);
        Assert.All(result.Removed, r => Assert.Contains("above the kept window", r.Reason));
        Assert.Contains("LN-CHES 40", result.Removed[0].Reason);
    }

    [Fact]
    public void Should_rank_by_the_chosen_measure_When_given_pair_similarities()
    {
        // Given CHES and LN-CHES that disagree on the order
        PairSimilarity[] pairs = [new(1.0, 9.0, 0, null), new(9.0, 1.0, 0, null), new(5.0, 5.0, 0, null)];
        var options = new ChesFilterOptions { KeepFraction = 0.34, Measure = ChesMeasure.Ches };

        var byChes = new ChesFilter(options).Apply(pairs);
        var byLength = new ChesFilter(options with { Measure = ChesMeasure.LengthNormalisedChes }).Apply(pairs);

        // ceil(0.34 * 3) = 2 kept in each case
        Assert.Equal([0, 2], byChes.Kept);
        Assert.Equal([1, 2], byLength.Kept);
        Assert.Equal(1, Assert.Single(byChes.Removed).Index);
    }

    [Fact]
    public void Should_say_below_When_keeping_the_highest_window()
    {
        var result = new ChesFilter(new ChesFilterOptions { KeepFraction = 0.5, Quantile = 1 })
            .Apply([3.0, 1.0, 4.0, 2.0]);

        Assert.Equal([0, 2], result.Kept);
        Assert.Equal([1, 3], result.Removed.Select(r => r.Index));
        Assert.All(result.Removed, r => Assert.Contains("below the kept window", r.Reason));
    }

    [Fact]
    public void Should_name_the_remedy_When_the_fraction_is_out_of_range()
    {
        var error = Assert.Throws<PlumbException>(() => new ChesFilter(new ChesFilterOptions { KeepFraction = 0 }));
        Assert.Contains("use a value in (0, 1]", error.Message);
    }
}
