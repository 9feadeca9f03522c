using Plumb.Tests.Fixtures;
using Plumb.Tokenization;

namespace Plumb.Tests.Tokenization;

public sealed class MetaspaceBpeTests : IDisposable
{
    private readonly ScratchDir _legacy = new();
    private readonly ScratchDir _modern = new();

    public MetaspaceBpeTests()
    {
        TinyTokenizers.WriteMetaspace(_legacy.Path, legacy: true);
        TinyTokenizers.WriteMetaspace(_modern.Path, legacy: false);
    }

    public static TheoryData<string> Texts => new()
    {
        "Hello world",
        "Hello  world ",
        " Hello",
        "Hi! café 🙂",
        "world\nHello\tworld",
        "Hello<s>world</s> Hello",
    };

    public void Dispose()
    {
        _legacy.Dispose();
        _modern.Dispose();
    }

    [Fact]
    public void Should_MergeWholeWords_When_EveryMergeApplies()
    {
        // "▁Hello▁world": l+l, H+e, He+ll, Hell+o, ▁+Hello -> ▁Hello 271;
        // then ▁+w, o+r, ▁w+or, ▁wor+l, ▁worl+d -> ▁world 276.
        Assert.Equal([271, 276], HfTokenizer.Load(_legacy.Path).Encode("Hello world"));
    }

    [Fact]
    public void Should_FallBackToBytes_When_CharactersAreNotInVocab()
    {
        // "▁Hi!é": ▁ 259, H 260, then bytes at 3 + value: i 0x69 -> 108, ! 0x21 -> 36, é C3 A9 -> 198, 172.
        Assert.Equal([259, 260, 108, 36, 198, 172], HfTokenizer.Load(_legacy.Path).Encode("Hi!é"));
    }

    [Fact]
    public void Should_PrependMetaspacePerSegment_When_NormalizerIsLegacy()
    {
        // Llama 2 prepends ▁ to the text after an added token too: "<s>" 1, "▁Hello" 271.
        Assert.Equal([1, 271], HfTokenizer.Load(_legacy.Path).Encode("<s>Hello"));
        // With prepend_scheme "first" only the start of the text gets one: H e ll o -> Hello 270.
        Assert.Equal([1, 270], HfTokenizer.Load(_modern.Path).Encode("<s>Hello"));
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Should_MatchHuggingFaceRust_When_EncodingLegacyMetaspace(string text) =>
        AssertParity(_legacy.Path, text);

    [Theory]
    [MemberData(nameof(Texts))]
    public void Should_MatchHuggingFaceRust_When_EncodingMetaspacePreTokenizer(string text) =>
        AssertParity(_modern.Path, text);

    [Theory]
    [MemberData(nameof(Texts))]
    public void Should_RoundTrip_When_DecodingLegacyMetaspace(string text)
    {
        var tok = HfTokenizer.Load(_legacy.Path);
        Assert.Equal(text, tok.Decode(tok.Encode(text)));
    }

    [Theory]
    [InlineData("Hello world")]
    [InlineData("Hi! café 🙂\nworld")]
    [InlineData("Hello<s>world</s> Hello")]
    public void Should_RoundTrip_When_DecodingMetaspacePreTokenizer(string text)
    {
        var tok = HfTokenizer.Load(_modern.Path);
        Assert.Equal(text, tok.Decode(tok.Encode(text)));
    }

    [Theory]
    [InlineData("Hello world")]
    [InlineData("Hi! café 🙂")]
    public void Should_DecodeLikeHuggingFaceRust_When_TextHasNoSpecialTokens(string text)
    {
        var tok = HfTokenizer.Load(_legacy.Path);
        var oracle = new Tokenizers.DotNet.Tokenizer(vocabPath: Path.Combine(_legacy.Path, "tokenizer.json"));
        uint[] ids = [.. tok.Encode(text).Select(id => (uint)id)];
        Assert.Equal(oracle.Decode(ids), tok.Decode(tok.Encode(text)));
    }

    [Fact]
    public void Should_TakeBosFromConfig_When_TemplateAddsIt()
    {
        var special = HfTokenizer.Load(_legacy.Path).Special;
        Assert.Equal(new SpecialTokens(1, 2, 2, AddBos: true), special with { BosToken = null, EosToken = null });
        Assert.Equal("<s>", special.BosToken);
        Assert.Equal("</s>", special.EosToken);
    }

    [Fact]
    public void Should_TakeBosAndAddBosFromPostProcessor_When_NoConfigFileNamesThem()
    {
        // Llama 3 ships no add_bos_token; its TemplateProcessing post-processor writes BOS first.
        File.Delete(Path.Combine(_legacy.Path, "tokenizer_config.json"));
        var special = HfTokenizer.Load(_legacy.Path).Special;
        Assert.Equal(new SpecialTokens(1, null, null, AddBos: true) { BosToken = "<s>" }, special);
    }

    private static void AssertParity(string dir, string text)
    {
        var oracle = new Tokenizers.DotNet.Tokenizer(vocabPath: Path.Combine(dir, "tokenizer.json"));
        // The oracle applies the post-processor, which prepends <s> (id 1); Plumb's Encode never adds BOS.
        var expected = oracle.Encode(text).Select(id => (int)id).ToList();
        if (expected.Count > 0 && expected[0] == 1) expected.RemoveAt(0);
        Assert.Equal(expected, HfTokenizer.Load(dir).Encode(text));
    }
}
