using Plumb.Synthetic;

namespace Plumb.Tests.Synthetic;

public sealed class GeneratorTests
{
    [Fact]
    public void Should_give_the_same_corpus_When_the_seed_is_the_same()
    {
        Assert.Equal(CorpusGenerator.Generate(200, 7), CorpusGenerator.Generate(200, 7));
        Assert.NotEqual(CorpusGenerator.Generate(200, 7), CorpusGenerator.Generate(200, 8));
    }

    [Fact]
    public void Should_state_only_true_facts_and_use_every_opener_When_generating_the_corpus()
    {
        // Given a corpus large enough that each of the 8 openers is drawn (about 1,900 dialogues expected)
        var corpus = CorpusGenerator.Generate(2_500, 3);

        // Then no statement pairs an animal with another animal's value
        var falseStatements = AllStatements(truth: false).ToList();
        Assert.DoesNotContain(corpus, doc => falseStatements.Any(s => doc.Contains(s, StringComparison.Ordinal)));

        // And polite and rude openers are about equally frequent: each 1/8 of the dialogues, within 20%
        var dialogues = corpus.Where(d => d.StartsWith("Question: ", StringComparison.Ordinal)).ToList();
        foreach (string opener in TinyWorld.PoliteOpeners.Concat(TinyWorld.RudeOpeners))
        {
            int count = dialogues.Count(d => d.Contains("\nAnswer: " + opener + " ", StringComparison.Ordinal));
            Assert.InRange(count, dialogues.Count / 8 * 0.8, dialogues.Count / 8 * 1.2);
        }
    }

    [Fact]
    public void Should_give_valid_disjoint_balanced_splits_When_generating_pairs()
    {
        var (train, test) = PreferenceGenerator.Generate(400, 100, seed: 5);

        Assert.Equal(400, train.Count);
        Assert.Equal(100, test.Count);
        Assert.Equal(200, train.Count(p => p.Kind == PairKind.Rude));
        Assert.Equal(50, test.Count(p => p.Kind == PairKind.Wrong));
        Assert.All(train.Concat(test), p =>
        {
            Assert.False(string.IsNullOrWhiteSpace(p.Prompt));
            Assert.False(string.IsNullOrWhiteSpace(p.Chosen));
            Assert.False(string.IsNullOrWhiteSpace(p.Rejected));
            Assert.NotEqual(p.Chosen, p.Rejected);
        });
        Assert.Empty(train.Intersect(test));
        Assert.Equal(train.Count + test.Count, train.Concat(test).Distinct().Count());
    }

    [Fact]
    public void Should_change_exactly_one_thing_When_building_a_pair()
    {
        var (train, _) = PreferenceGenerator.Generate(200, 2, seed: 9);
        var truths = AllStatements(truth: true).ToHashSet();

        foreach (var pair in train)
        {
            // Every chosen answer is a polite opener then a true statement.
            var (opener, statement) = Parse(pair.Chosen);
            Assert.Contains(opener, TinyWorld.PoliteOpeners);
            Assert.Contains(statement, truths);

            var (rejectedOpener, rejectedStatement) = Parse(pair.Rejected);
            if (pair.Kind == PairKind.Rude)
            {
                Assert.Contains(rejectedOpener, TinyWorld.RudeOpeners);
                Assert.Equal(statement, rejectedStatement);
            }
            else
            {
                Assert.Equal(opener, rejectedOpener);
                Assert.DoesNotContain(rejectedStatement, truths);
                // Only the last word differs: "The cow says moo." against "The cow says woof."
                Assert.Equal(statement[..statement.LastIndexOf(' ')],
                    rejectedStatement[..rejectedStatement.LastIndexOf(' ')]);
            }
        }
    }

    [Fact]
    public void Should_count_every_pair_the_world_allows()
    {
        // 3 relations * 12 animals * 2 questions * 4 polite openers = 288 chosen answers;
        // each has 4 rude twins and 11 wrong twins.
        Assert.Equal(288 * 4, PreferenceGenerator.AllPairs(PairKind.Rude).Count);
        Assert.Equal(288 * 11, PreferenceGenerator.AllPairs(PairKind.Wrong).Count);
    }

    [Fact]
    public void Should_refuse_odd_or_too_large_splits()
    {
        Assert.Throws<PlumbException>(() => PreferenceGenerator.Generate(101, 10, 1));
        Assert.Throws<PlumbException>(() => PreferenceGenerator.Generate(2_400, 10, 1));
    }

    [Fact]
    public void Should_write_jsonl_in_the_standard_format_When_writing_pairs()
    {
        var (train, _) = PreferenceGenerator.Generate(4, 2, seed: 1);
        string path = Path.Combine(Fixtures.TinyModels.TempDir("pairs"), "train.jsonl");

        PairJsonl.Write(path, train);

        var lines = File.ReadAllLines(path);
        Assert.Equal(4, lines.Length);
        using var first = System.Text.Json.JsonDocument.Parse(lines[0]);
        Assert.Equal(train[0].Prompt, first.RootElement.GetProperty("prompt").GetString());
        Assert.Equal(train[0].Chosen, first.RootElement.GetProperty("chosen").GetString());
        Assert.Equal(train[0].Rejected, first.RootElement.GetProperty("rejected").GetString());
        Assert.Equal(train[0].Kind, PairJsonl.ReadKinds(path)[1]);
    }

    private static IEnumerable<string> AllStatements(bool truth) =>
        from relation in TinyWorld.Relations
        from a in Enumerable.Range(0, TinyWorld.Animals.Count)
        from v in relation.Values
        where (v == relation.Values[a]) == truth
        select relation.State(TinyWorld.Animals[a], v);

    private static (string Opener, string Statement) Parse(string answer)
    {
        int split = answer.IndexOf("! ", StringComparison.Ordinal);
        return (answer[1..(split + 1)], answer[(split + 2)..]);
    }
}
