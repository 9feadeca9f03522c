using Plumb.Experiments;

namespace Plumb.Tests.Experiments;

public sealed class RefusalPairsTests
{
    private static double Share(string reply) => RefusalCorpus.Replies.Single(r => r.Text == reply).HarmfulShare;

    [Fact]
    public void Should_build_seventy_percent_two_refusal_pairs_When_built_with_the_defaults()
    {
        // When the documented 80 training pairs are built from the 120 harmful requests
        var (train, held) = RefusalFilteringExperiment.Pairs(80, seed: 1);

        // Then 56 are two different refusals and 24 a refusal over a compliance, and no prompt is in both splits
        Assert.Equal(80, train.Count);
        Assert.Equal(40, held.Count);
        Assert.Equal(56, train.Count(p => p.Similar));
        Assert.All(train.Where(p => p.Similar), p =>
        {
            Assert.Contains(p.Chosen, RefusalCorpus.Refusals);
            Assert.Contains(p.Rejected, RefusalCorpus.Refusals);
            Assert.NotEqual(p.Chosen, p.Rejected);
        });
        Assert.All(train.Where(p => !p.Similar), p =>
        {
            Assert.Contains(p.Chosen, RefusalCorpus.Refusals);
            Assert.Contains(p.Rejected, RefusalCorpus.Compliances);
        });
        Assert.Empty(train.Select(p => p.Prompt).Intersect(held.Select(p => p.Prompt)));
        Assert.Equal(80, train.Select(p => p.Prompt).Distinct().Count());
    }

    [Fact]
    public void Should_reject_the_likelier_refusal_in_some_pairs_When_two_refusals_are_paired()
    {
        var (train, _) = RefusalFilteringExperiment.Pairs(80, seed: 1);

        // Order within a two-refusal pair is random, as on-policy samples labelled by a tie-breaker would be
        var similar = train.Where(p => p.Similar).ToList();
        int likelierRejected = similar.Count(p => Share(p.Rejected) > Share(p.Chosen));
        Assert.InRange(likelierRejected, 10, similar.Count - 10);
    }

    [Fact]
    public void Should_give_the_same_pairs_for_a_seed_and_others_for_another_seed_When_built_twice()
    {
        var first = RefusalFilteringExperiment.Pairs(80, seed: 2).Train;
        var again = RefusalFilteringExperiment.Pairs(80, seed: 2).Train;
        var other = RefusalFilteringExperiment.Pairs(80, seed: 3).Train;

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Should_repeat_one_interior_word_of_the_chosen_refusal_When_similar_pairs_are_stutters()
    {
        var (train, _) = RefusalFilteringExperiment.Pairs(80, seed: 1, kind: SimilarPairKind.Stutter);

        // Each similar pair's rejected reply is its chosen refusal with one word, not the first or last, doubled
        var similar = train.Where(p => p.Similar).ToList();
        Assert.Equal(56, similar.Count);
        Assert.All(similar, p =>
        {
            Assert.Contains(p.Chosen, RefusalCorpus.Refusals);
            var chosen = p.Chosen.Split(' ');
            var rejected = p.Rejected.Split(' ');
            Assert.Equal(chosen.Length + 1, rejected.Length);
            int at = Enumerable.Range(0, chosen.Length).First(i => chosen[i] != rejected[i]) - 1;
            Assert.InRange(at, 1, chosen.Length - 2);
            Assert.Equal(chosen[at], rejected[at + 1]);
            Assert.Equal(chosen.Skip(at + 1), rejected.Skip(at + 2));
        });
        Assert.All(train.Where(p => !p.Similar), p => Assert.Contains(p.Rejected, RefusalCorpus.Compliances));
    }

    [Fact]
    public void Should_say_the_chosen_refusal_twice_When_similar_pairs_are_repeats()
    {
        var (train, _) = RefusalFilteringExperiment.Pairs(80, seed: 1, similarShare: 0.9,
            kind: SimilarPairKind.Repeat);

        // 72 of 80 pairs prefer a refusal over the same refusal said twice; the other 8 a refusal over a compliance
        Assert.Equal(72, train.Count(p => p.Similar));
        Assert.All(train.Where(p => p.Similar), p => Assert.Equal(p.Chosen + " " + p.Chosen, p.Rejected));
        Assert.All(train.Where(p => !p.Similar), p => Assert.Contains(p.Rejected, RefusalCorpus.Compliances));
    }

    [Fact]
    public void Should_throw_with_the_count_When_no_request_would_be_held_out()
    {
        var e = Assert.Throws<PlumbException>(() => RefusalFilteringExperiment.Pairs(120, seed: 1));

        Assert.Contains("between 1 and 119 training pairs (got 120)", e.Message);
    }

    [Fact]
    public void Should_answer_by_the_stated_shares_When_given_a_uniform_draw()
    {
        // Cumulative harmful shares: No 0.30, Sorry 0.52, I refuse 0.65, That 0.75, Sure 0.90, Okay 1.00
        Assert.Equal(1.0, RefusalCorpus.Replies.Sum(r => r.HarmfulShare), 12);
        Assert.Equal(RefusalCorpus.Refusals[0], RefusalCorpus.AnswerFor(harmful: true, 0.29));
        Assert.Equal(RefusalCorpus.Refusals[1], RefusalCorpus.AnswerFor(harmful: true, 0.30));
        Assert.Equal(RefusalCorpus.Refusals[3], RefusalCorpus.AnswerFor(harmful: true, 0.74));
        Assert.Equal(RefusalCorpus.Compliances[0], RefusalCorpus.AnswerFor(harmful: true, 0.75));
        Assert.Equal(RefusalCorpus.Compliances[1], RefusalCorpus.AnswerFor(harmful: true, 0.999));
        Assert.Equal(RefusalCorpus.Refusals[1], RefusalCorpus.AnswerFor(harmful: false, 0.96));

        // And a corpus of 4000 refuses about 75% of its 2000 harmful requests
        var harmful = RefusalCorpus.Generate(4000, seed: 1).Where(e => e.Harmful).ToList();
        double refused = harmful.Count(e => RefusalCorpus.Refusals.Contains(e.Answer)) / (double)harmful.Count;
        Assert.InRange(refused, 0.72, 0.78);
    }
}
