using Plumb.Experiments;

namespace Plumb.Tests.Experiments;

public sealed class FilteringPairsTests
{
    [Fact]
    public void Should_alternate_similar_and_dissimilar_pairs_When_built_from_the_corpus()
    {
        // Given the corpus of the documented run
        var corpus = PersonaCorpus.Generate(2000, seed: 1);

        // When 30 training pairs are built
        var (train, held) = FilteringExperiment.Pairs(corpus, 30, seed: 1);

        // Then they alternate, and similar rejected replies differ from the chosen one in the first word only
        Assert.Equal(30, train.Count);
        Assert.Contains(held, p => p.Similar);
        Assert.Contains(held, p => !p.Similar);
        Assert.Equal(15, train.Count(p => p.Similar));
        Assert.All(train.Where((_, i) => i % 2 == 0), p => Assert.True(p.Similar));
        Assert.All(train.Where(p => !p.Similar), p => Assert.Equal("Maybe, I am not sure.", p.Chosen));
        Assert.All(train.Where(p => p.Similar), p =>
            Assert.Equal(p.Chosen[p.Chosen.IndexOf(',')..], p.Rejected[p.Rejected.IndexOf(',')..]));
        Assert.All(train.Where(p => !p.Similar), p =>
            Assert.NotEqual(p.Chosen[p.Chosen.IndexOf(',')..], p.Rejected[p.Rejected.IndexOf(',')..]));
        Assert.Empty(train.Select(p => p.Prompt).Intersect(held.Select(p => p.Prompt)));
    }

    [Fact]
    public void Should_build_refusal_pairs_with_an_improbable_rejected_reply_When_asked_for_unlikely_dissimilar()
    {
        var corpus = PersonaCorpus.Generate(2000, seed: 1);

        var (train, _) = FilteringExperiment.Pairs(corpus, 30, seed: 1, likelyDissimilar: false);

        Assert.All(train.Where(p => !p.Similar), p => Assert.Contains(p.Chosen, new[]
        {
            "No, I would not.", "Yes, I would.",
        }));
    }

    [Fact]
    public void Should_throw_with_the_count_When_more_pairs_are_asked_than_statements_exist()
    {
        var corpus = PersonaCorpus.Generate(40, seed: 1);

        var e = Assert.Throws<PlumbException>(() => FilteringExperiment.Pairs(corpus, 1000, seed: 1));
        Assert.Contains("ask for fewer training pairs (got 1000)", e.Message);
    }
}
