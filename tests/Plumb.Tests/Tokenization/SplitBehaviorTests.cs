using Plumb.Tokenization;

namespace Plumb.Tests.Tokenization;

public sealed class SplitBehaviorTests
{
    // The example Hugging Face documents for its split behaviours: "the-final--countdown" cut at '-'.
    [Theory]
    [InlineData(SplitBehavior.Removed, new[] { "the", "final", "countdown" })]
    [InlineData(SplitBehavior.Isolated, new[] { "the", "-", "final", "-", "-", "countdown" })]
    [InlineData(SplitBehavior.MergedWithPrevious, new[] { "the-", "final-", "-", "countdown" })]
    [InlineData(SplitBehavior.MergedWithNext, new[] { "the", "-final", "-", "-countdown" })]
    [InlineData(SplitBehavior.Contiguous, new[] { "the", "-", "final", "--", "countdown" })]
    internal void Should_CutLikeHuggingFace_When_SplittingAtDashes(SplitBehavior behavior, string[] expected)
    {
        var dash = Pattern.FromRegex("-", "tokenizer.json", "pre_tokenizer");
        Assert.Equal(expected, SplitPreTokenizer.Cut("the-final--countdown", dash, behavior));
    }

    [Fact]
    public void Should_KeepOnlyMatches_When_InvertedAndRemoved()
    {
        // invert: the words are the matches and the rest is the delimiter, as the Whitespace pre-tokenizer uses.
        var words = Pattern.FromRegex(@"\w+", "tokenizer.json", "pre_tokenizer");
        Assert.Equal(["Hi", "there", "you"],
            SplitPreTokenizer.Cut("Hi, there  you!", words, SplitBehavior.Removed, invert: true));
    }
}
