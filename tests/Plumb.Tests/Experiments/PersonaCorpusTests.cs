using Plumb.Experiments;
using static Plumb.Experiments.PersonaCorpus;

namespace Plumb.Tests.Experiments;

public sealed class PersonaCorpusTests
{
    [Fact]
    public void Should_give_the_same_examples_When_generated_twice_with_one_seed()
    {
        var first = Generate(200, seed: 7);
        var second = Generate(200, seed: 7);
        var other = Generate(200, seed: 8);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Should_answer_each_kind_with_its_own_words_When_generated()
    {
        var examples = Generate(400, seed: 1);

        // Agreeable: Yes/Sure; refusals: No/Never; uncertain mostly Maybe. Kinds cycle, so each has 100.
        Assert.All(examples.Where(e => e.Kind == Kind.Agreeable),
            e => Assert.Contains(e.Answer, new[] { "Yes", "Sure" }));
        Assert.All(examples.Where(e => e.Kind is Kind.MildRefusal or Kind.StrongRefusal),
            e => Assert.Contains(e.Answer, new[] { "No", "Never" }));
        Assert.Equal(100, examples.Count(e => e.Kind == Kind.Uncertain));
        Assert.All(examples, e => Assert.StartsWith(Question, e.Prompt));
        Assert.All(examples, e => Assert.EndsWith("\n", e.Prompt));
    }

    [Theory]
    [InlineData(Kind.MildRefusal, 0.84, "No")]
    [InlineData(Kind.MildRefusal, 0.85, "Never")]
    [InlineData(Kind.StrongRefusal, 0.69, "Never")]
    [InlineData(Kind.StrongRefusal, 0.70, "No")]
    [InlineData(Kind.Agreeable, 0.70, "Sure")]
    [InlineData(Kind.Uncertain, 0.85, "Yes")]
    public void Should_pick_the_answer_by_the_stated_shares_When_given_a_draw(Kind kind, double u, string answer) =>
        Assert.Equal(answer, AnswerFor(kind, u));

    [Fact]
    public void Should_share_the_clause_When_two_answers_have_the_same_stance()
    {
        Assert.Equal("No, I would not.", ReplyFor("No"));
        Assert.Equal("Never, I would not.", ReplyFor("Never"));
        Assert.Equal("Sure, I would.", ReplyFor("Sure"));
    }

    [Fact]
    public void Should_make_every_answer_one_token_When_the_tokenizer_is_trained_on_the_corpus()
    {
        var corpus = Generate(400, seed: 1);
        string dir = Plumb.Tests.Fixtures.TinyModels.TempDir("persona-tok");

        var tokenizer = ExperimentSetup.Tokenizer(corpus.Select(e => e.Prompt + e.Reply), dir);

        var ids = Answers.Select(a => tokenizer.Encode(a)).ToList();
        Assert.All(ids, i => Assert.Single(i));
        Assert.Equal(Answers.Count, ids.Select(i => i[0]).Distinct().Count());
        Assert.Equal("Never", tokenizer.Decode(ids[3]));
    }
}
