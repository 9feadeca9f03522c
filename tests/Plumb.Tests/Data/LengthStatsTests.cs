using Plumb.Data;

namespace Plumb.Tests.Data;

public sealed class LengthStatsTests
{
    [Fact]
    public void Should_GiveExactNearestRankPercentiles_When_FewerValuesThanCapacity()
    {
        // Given 1..100: nearest rank p50 = 50, p90 = 90, p99 = 99
        var stats = new LengthStats();
        foreach (int v in Enumerable.Range(1, 100).Reverse())
            stats.Add(v);

        Assert.Equal(50, stats.Percentile(50));
        Assert.Equal(90, stats.Percentile(90));
        Assert.Equal(99, stats.Percentile(99));
        Assert.Equal(100, stats.Max);
        Assert.Equal(100, stats.Count);
    }

    [Fact]
    public void Should_EstimatePercentilesAndKeepExactMax_When_MoreValuesThanCapacity()
    {
        // Given 0..99,999 through a 1,000-slot reservoir: p50 ≈ 50,000 within sampling error (sd ≈ 1,600)
        var stats = new LengthStats(capacity: 1000, seed: 3);
        for (int v = 0; v < 100_000; v++)
            stats.Add(v);

        Assert.InRange(stats.Percentile(50), 45_000, 55_000);
        Assert.InRange(stats.Percentile(90), 87_000, 93_000);
        Assert.Equal(99_999, stats.Max);
        Assert.Equal(100_000, stats.Count);
    }

    [Fact]
    public void Should_ReturnZero_When_Empty() => Assert.Equal(0, new LengthStats().Percentile(50));
}
