using Plumb.Tokenization;

namespace Plumb.Tests.Tokenization;

public sealed class ByteLevelBpeTests
{
    private static readonly Lazy<HfTokenizer> Gpt2 = new(() => HfTokenizer.Load(Gpt2TokenizerJson.Dir));

    public static TheoryData<string> Texts => new()
    {
        "Hello world",
        "Hello  world,   with    double spaces ",
        "In 2024 we sold 12345 apples for $3.50 each.",
        "café naïve Ærøskøbing 東京タワー 🙂👍🏽",
        "line one\nline two\ttabbed\r\n\n  indented",
        "I'm sure they'll say we've done it, don't you? It's HE'S",
        "before<|endoftext|>after <|endoftext|> again",
        "",
    };

    [Fact]
    public void Should_GiveGpt2Ids_When_EncodingHelloWorld()
    {
        // "Hello" is 15496 and " world" is 995 in GPT-2's vocabulary.
        Assert.Equal([15496, 995], Gpt2.Value.Encode("Hello world"));
    }

    [Fact]
    public void Should_MapEndOfTextToItsId_When_WrittenInText()
    {
        // "\n" is 198; the special token is matched verbatim before pre-tokenization.
        Assert.Equal([15496, 50256, 198, 50256], Gpt2.Value.Encode("Hello<|endoftext|>\n<|endoftext|>"));
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Should_MatchTiktoken_When_EncodingGpt2(string text)
    {
        int[] expected = [.. Gpt2TokenizerJson.Tiktoken.Value.EncodeToIds(text)];
        Assert.Equal(expected, Gpt2.Value.Encode(text));
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Should_MatchHuggingFaceRust_When_EncodingGpt2(string text)
    {
        var oracle = new Tokenizers.DotNet.Tokenizer(vocabPath: Path.Combine(Gpt2TokenizerJson.Dir, "tokenizer.json"));
        int[] expected = [.. oracle.Encode(text).Select(id => (int)id)];
        Assert.Equal(expected, Gpt2.Value.Encode(text));
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Should_RoundTrip_When_DecodingWhatItEncoded(string text)
    {
        Assert.Equal(text, Gpt2.Value.Decode(Gpt2.Value.Encode(text)));
    }

    [Theory]
    [InlineData("Hello  world,   with    double spaces ")]
    [InlineData("café naïve Ærøskøbing 東京タワー 🙂👍🏽")]
    [InlineData("line one\nline two\ttabbed\r\n\n  indented")]
    public void Should_DecodeLikeHuggingFaceRust_When_TextHasNoSpecialTokens(string text)
    {
        var oracle = new Tokenizers.DotNet.Tokenizer(vocabPath: Path.Combine(Gpt2TokenizerJson.Dir, "tokenizer.json"));
        int[] ids = Gpt2.Value.Encode(text);
        Assert.Equal(oracle.Decode([.. ids.Select(id => (uint)id)]), Gpt2.Value.Decode(ids));
    }

    [Fact]
    public void Should_ReportVocabAndTokens_When_Loaded()
    {
        var tok = Gpt2.Value;
        Assert.Equal(50257, tok.VocabSize);
        Assert.Equal("Ġworld", tok.IdToToken(995));
        Assert.Equal("<|endoftext|>", tok.IdToToken(50256));
        Assert.Null(tok.IdToToken(50257));
        Assert.Equal(995, tok.TokenToId("Ġworld"));
    }
}
