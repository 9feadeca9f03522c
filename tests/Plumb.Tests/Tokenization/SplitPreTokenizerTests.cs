using System.Text.Json.Nodes;
using Plumb.Tokenization;

namespace Plumb.Tests.Tokenization;

/// <summary>Llama-3 / Qwen2 layouts: a Split regex before a regex-free ByteLevel, and ignore_merges.</summary>
public sealed class SplitPreTokenizerTests : IDisposable
{
    private const string Llama3Pattern = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}|" +
        @" ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    // GPT-2's vocabulary behind Llama 3's pre-tokenizer, written once: with and without ignore_merges.
    private static readonly Lazy<string> Llama3Layout = new(() => WriteGpt2WithLayout(ignoreMerges: true));
    private static readonly Lazy<string> Llama3LayoutMerging = new(() => WriteGpt2WithLayout(ignoreMerges: false));
    private static readonly Lazy<HfTokenizer> Llama3 = new(() => HfTokenizer.Load(Llama3Layout.Value));

    private readonly ScratchDir _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Texts => ByteLevelBpeTests.Texts;

    [Theory]
    [MemberData(nameof(Texts))]
    public void Should_MatchHuggingFaceRust_When_Gpt2VocabUsesLlama3Layout(string text)
    {
        var oracle = new Tokenizers.DotNet.Tokenizer(vocabPath: Path.Combine(Llama3Layout.Value, "tokenizer.json"));
        var tok = Llama3.Value;
        Assert.Equal(oracle.Encode(text).Select(id => (int)id), tok.Encode(text));
        Assert.Equal(text, tok.Decode(tok.Encode(text)));
    }

    [Fact]
    public void Should_CutDigitsInThrees_When_Llama3PatternSplits()
    {
        var tok = HfTokenizer.Load(Llama3LayoutMerging.Value);
        // "1234567" -> "123" "456" "7": GPT-2 has each as one token.
        Assert.Equal(["123", "456", "7"], tok.Encode("1234567").Select(id => tok.IdToToken(id)));
    }

    [Theory]
    [InlineData(false, new[] { 0, 4 })]
    [InlineData(true, new[] { 5 })]
    public void Should_TakeWholeWord_When_IgnoreMergesIsSet(bool ignoreMerges, int[] expected)
    {
        // Merges turn "abc" into a + bc (b c has rank 0); with ignore_merges "abc" is looked up whole.
        File.WriteAllText(_dir.File("tokenizer.json"), """
            {"model": {"type": "BPE", "ignore_merges": IGNORE,
              "vocab": {"a": 0, "b": 1, "c": 2, "ab": 3, "bc": 4, "abc": 5}, "merges": ["b c", "a b"]}}
            """.Replace("IGNORE", ignoreMerges ? "true" : "false"));
        Assert.Equal(expected, HfTokenizer.Load(_dir.Path).Encode("abc"));
    }

    private static string WriteGpt2WithLayout(bool ignoreMerges)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(Gpt2TokenizerJson.Dir, "tokenizer.json")))!;
        json["pre_tokenizer"] = JsonNode.Parse($$"""
            {"type": "Sequence", "pretokenizers": [
              {"type": "Split", "pattern": {"Regex": {{System.Text.Json.JsonSerializer.Serialize(Llama3Pattern)}}},
               "behavior": "Isolated", "invert": false},
              {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": false}]}
            """);
        json["model"]!["ignore_merges"] = ignoreMerges;
        string dir = Path.Combine(Gpt2TokenizerJson.Dir, ignoreMerges ? "llama3-layout" : "llama3-layout-merging");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "tokenizer.json"), json.ToJsonString());
        return dir;
    }
}
