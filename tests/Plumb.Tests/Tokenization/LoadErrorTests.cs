using Plumb.Tests.Fixtures;
using Plumb.Tokenization;

namespace Plumb.Tests.Tokenization;

public sealed class LoadErrorTests : IDisposable
{
    private readonly ScratchDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Should_NameTheFolder_When_TokenizerJsonIsMissing()
    {
        var error = Assert.Throws<PlumbException>(() => HfTokenizer.Load(_dir.Path));
        Assert.Contains($"No tokenizer.json in '{_dir.Path}'", error.Message);
    }

    [Theory]
    [InlineData("WordPiece")]
    [InlineData("Unigram")]
    public void Should_ListSupportedModels_When_ModelTypeIsNotBpe(string type)
    {
        string json = """{"model": {"type": "TYPE", "vocab": {}}}""".Replace("TYPE", type);
        File.WriteAllText(_dir.File("tokenizer.json"), json);
        var error = Assert.Throws<PlumbException>(() => HfTokenizer.Load(_dir.Path));
        Assert.Contains($"field 'model.type' is '{type}', which Plumb does not support yet", error.Message);
        Assert.Contains("supported: BPE", error.Message);
    }

    [Fact]
    public void Should_NameTheMerge_When_MergeUsesUnknownToken()
    {
        File.WriteAllText(_dir.File("tokenizer.json"),
            """{"model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2}, "merges": ["a b", "a c"]}}""");
        var error = Assert.Throws<PlumbException>(() => HfTokenizer.Load(_dir.Path));
        Assert.Contains("field 'model.merges[1]' ('a' 'c') uses a token that is not in model.vocab", error.Message);
    }

    [Fact]
    public void Should_NameTheStep_When_PreTokenizerIsUnsupported()
    {
        File.WriteAllText(_dir.File("tokenizer.json"), """
            {"pre_tokenizer": {"type": "Sequence", "pretokenizers": [{"type": "Punctuation"}]},
             "model": {"type": "BPE", "vocab": {}, "merges": []}}
            """);
        var error = Assert.Throws<PlumbException>(() => HfTokenizer.Load(_dir.Path));
        Assert.Contains("'pre_tokenizer.pretokenizers[0].type' is 'Punctuation'", error.Message);
    }

    [Fact]
    public void Should_ReadTheFile_When_ItStartsWithByteOrderMark()
    {
        // Regression: JsonDocument rejects a UTF-8 BOM, which Windows editors write.
        TinyTokenizers.WriteMetaspace(_dir.Path);
        string path = _dir.File("tokenizer.json");
        File.WriteAllText(path, File.ReadAllText(path), new System.Text.UTF8Encoding(true));
        Assert.Equal([271, 276], HfTokenizer.Load(_dir.Path).Encode("Hello world"));
    }

    [Fact]
    public void Should_SayWhatToDo_When_TextHasCharacterOutsideVocab()
    {
        File.WriteAllText(_dir.File("tokenizer.json"),
            """{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}}""");
        var error = Assert.Throws<PlumbException>(() => HfTokenizer.Load(_dir.Path).Encode("ab"));
        Assert.Contains("'b' (U+0062)", error.Message);
    }
}
