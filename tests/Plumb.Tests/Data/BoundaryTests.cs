using Plumb.Data;
using Plumb.Tests.Data.Fakes;

namespace Plumb.Tests.Data;

/// <summary>
/// The trainer scores prompt ids ++ completion ids. With a real BPE, that matches encoding the whole text only if
/// the prompt ends at a token boundary: these tests check the implicit-prompt cut gives one.
/// </summary>
public sealed class BoundaryTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(" It is a cat.", " It is a car.")]
    [InlineData(" Sure, here is how.", " Sorry, I can't.")]
    public void Should_TokenizeLikeTheWholeText_When_HhPromptEndsAtAssistantMarker(string chosen, string rejected)
    {
        // Given an HH-RLHF pair whose answers diverge inside a word (cat/car) or at the first letter
        const string Shared = "\n\nHuman: What is it?\n\nAssistant: A pet.\n\nHuman: Which one?\n\nAssistant:";
        var pair0 = new { chosen = Shared + chosen, rejected = Shared + rejected };
        string path = _files.Write("hh.jsonl", TempFiles.Json(pair0));
        var gpt2 = new Gpt2Tokenizer();
        var pipeline = new PreferencePipeline(new DataOptions { MaxLength = 512, MaxPromptLength = 256 },
            tokenizer: gpt2);

        var pair = pipeline.Pairs(path).Single();

        // Then prompt ++ completion (before its EOS) is exactly GPT-2's encoding of the whole text
        Assert.Equal(gpt2.Encode(Shared + chosen), pair.Prompt.Concat(pair.Chosen[..^1]).ToArray());
        Assert.Equal(gpt2.Encode(Shared + rejected), pair.Prompt.Concat(pair.Rejected[..^1]).ToArray());
        Assert.Equal(50256, pair.Chosen[^1]);
    }

    [Fact]
    public void Should_DifferFromTheWholeText_When_PromptIsCutMidWord()
    {
        // The failure the turn-boundary cut avoids: a character-level common prefix "… It is a ca" splits "cat"
        var gpt2 = new Gpt2Tokenizer();
        const string Text = "\n\nAssistant: It is a cat.";
        int cut = Text.IndexOf("ca", StringComparison.Ordinal) + 2;

        int[] split = [.. gpt2.Encode(Text[..cut]), .. gpt2.Encode(Text[cut..])];

        Assert.NotEqual(gpt2.Encode(Text), split);
    }
}
