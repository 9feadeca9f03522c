using Plumb.Tests.Fixtures;
using Plumb.Tokenization;

namespace Plumb.Tests.Tokenization;

public sealed class SpecialTokensTests : IDisposable
{
    private static readonly string[] Corpus = ["hello world, hello there. the world says hello."];

    private readonly ScratchDir _dir = new();

    // Ids of the trained tokenizer's special tokens: 256 bytes + merges, then the three specials.
    private readonly int _endOfText, _imStart, _imEnd;

    public SpecialTokensTests()
    {
        var trained = TinyTokenizers.WriteByteLevel(_dir.Path, Corpus, merges: 10);
        (_endOfText, _imStart, _imEnd) = (trained.Tokens.Count, trained.Tokens.Count + 1, trained.Tokens.Count + 2);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Should_ReadTrainerConfig_When_OnlyTokenizerConfigExists()
    {
        var special = HfTokenizer.Load(_dir.Path).Special;
        Assert.Equal((_endOfText, _imEnd, _endOfText, false),
            (special.BosId, special.EosId, special.PadId, special.AddBos));
        Assert.Equal("<|im_end|>", special.EosToken);
        Assert.Equal(TrainedBpe.ChatMlTemplate, special.ChatTemplate);
    }

    [Fact]
    public void Should_PreferTokenizerConfig_When_OtherFilesDisagree()
    {
        // Given ids in generation_config.json and config.json that name other tokens
        Write("generation_config.json", $$"""{"bos_token_id": {{_imStart}}, "eos_token_id": [{{_imStart}}, 5]}""");
        Write("config.json", $$"""{"bos_token_id": 7, "eos_token_id": 7, "pad_token_id": 7}""");
        // Then the token strings of tokenizer_config.json win
        var special = HfTokenizer.Load(_dir.Path).Special;
        Assert.Equal((_endOfText, _imEnd, _endOfText), (special.BosId, special.EosId, special.PadId));
    }

    [Fact]
    public void Should_FollowPrecedence_When_TokenizerConfigNamesNoTokens()
    {
        // Given: bos only in special_tokens_map.json (object form), eos as a list in generation_config.json,
        // and config.json with ids that the earlier files override; no pad anywhere.
        Write("tokenizer_config.json", """
            {"add_bos_token": true, "chat_template": [{"name": "tool_use", "template": "T"},
                                                      {"name": "default", "template": "D"}]}
            """);
        Write("special_tokens_map.json", """{"bos_token": {"content": "<|im_start|>", "lstrip": false}}""");
        Write("generation_config.json", $$"""{"eos_token_id": [{{_imEnd}}, {{_endOfText}}]}""");
        Write("config.json", """{"bos_token_id": 3, "eos_token_id": 4}""");
        var special = HfTokenizer.Load(_dir.Path).Special;
        // Then: bos from the map, eos the first of the list, pad falls back to eos
        Assert.Equal(new SpecialTokens(_imStart, _imEnd, _imEnd, AddBos: true) { ChatTemplate = "D" },
            special with { BosToken = null, EosToken = null });
        Assert.Equal("<|im_start|>", special.BosToken);
    }

    [Fact]
    public void Should_TakeIdsFromConfigJson_When_NoOtherFileHasThem()
    {
        File.Delete(_dir.File("tokenizer_config.json"));
        Write("config.json", $$"""{"bos_token_id": {{_imStart}}, "eos_token_id": {{_endOfText}}}""");
        var special = HfTokenizer.Load(_dir.Path).Special;
        Assert.Equal(new SpecialTokens(_imStart, _endOfText, _endOfText, AddBos: false),
            special with { BosToken = null, EosToken = null });
        Assert.Equal("<|endoftext|>", special.EosToken);
    }

    [Fact]
    public void Should_PreferJinjaFile_When_BothTemplatesExist()
    {
        Write("chat_template.jinja", "{{ messages }}");
        Assert.Equal("{{ messages }}", HfTokenizer.Load(_dir.Path).Special.ChatTemplate);
    }

    [Fact]
    public void Should_NameFileAndField_When_ConfigTokenIsNotInVocab()
    {
        Write("tokenizer_config.json", """{"eos_token": "</s>"}""");
        var error = Assert.Throws<PlumbException>(() => HfTokenizer.Load(_dir.Path));
        Assert.Contains("tokenizer_config.json", error.Message);
        Assert.Contains("'eos_token' is '</s>', which is not a token of tokenizer.json", error.Message);
    }

    [Fact]
    public void Should_NameFileAndField_When_ConfigIdIsOutOfRange()
    {
        File.Delete(_dir.File("tokenizer_config.json"));
        Write("config.json", """{"bos_token_id": 1, "eos_token_id": 99999}""");
        var error = Assert.Throws<PlumbException>(() => HfTokenizer.Load(_dir.Path));
        Assert.Contains("config.json: field 'eos_token_id' is 99999, which is not an id of tokenizer.json",
            error.Message);
    }

    [Fact]
    public void Should_EncodeChatMarkers_When_TrainedTokenizerReadsChatMl()
    {
        var tok = HfTokenizer.Load(_dir.Path);
        int[] ids = tok.Encode("<|im_start|>user\nhello<|im_end|>\n");
        Assert.Equal(_imStart, ids[0]);
        Assert.Contains(_imEnd, ids);
        Assert.Equal("<|im_start|>user\nhello<|im_end|>\n", tok.Decode(ids));
    }

    private void Write(string name, string json) => File.WriteAllText(_dir.File(name), json);
}
