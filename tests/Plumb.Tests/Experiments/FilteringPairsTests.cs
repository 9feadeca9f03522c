using Plumb.Experiments;

namespace Plumb.Tests.Experiments;

public sealed class FilteringPairsTests
{
    [Fact]
    public void Should_alternate_similar_and_dissimilar_pairs_When_built_from_the_corpus()
    {
        // Given the corpus of the documented run
        var corpus = PersonaCorpus.Generate(2000, seed: 1);

        // When 40 training pairs are built
        var (train, held) = FilteringExperiment.Pairs(corpus, 40, seed: 1);

        // Then they alternate, and similar rejected replies differ from the chosen one in the first word only
        Assert.Equal(40, train.Count);
        Assert.NotEmpty(held);
        Assert.Equal(20, train.Count(p => p.Similar));
        Assert.All(train.Where(p => p.Similar), p =>
            Assert.Equal(p.Chosen[p.Chosen.IndexOf(',')..], p.Rejected[p.Rejected.IndexOf(',')..]));
        Assert.All(train.Where(p => !p.Similar), p =>
            Assert.NotEqual(p.Chosen[p.Chosen.IndexOf(',')..], p.Rejected[p.Rejected.IndexOf(',')..]));
        Assert.Empty(train.Select(p => p.Prompt).Intersect(held.Select(p => p.Prompt)));
    }

    [Fact]
    public void Should_throw_with_the_count_When_more_pairs_are_asked_than_statements_exist()
    {
        var corpus = PersonaCorpus.Generate(40, seed: 1);

        var e = Assert.Throws<PlumbException>(() => FilteringExperiment.Pairs(corpus, 1000, seed: 1));
        Assert.Contains("distinct statements", e.Message);
    }
}
