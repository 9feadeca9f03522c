using Plumb.Tests.Fixtures;
using Plumb.Tokenization;

namespace Plumb.Tests.Tokenization;

public sealed class BpeTrainerTests : IDisposable
{
    private readonly ScratchDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Should_MergeMostFrequentPairs_When_TrainingOnSmallCorpus()
    {
        // Words "ab", "Ġab" x2, "Ġabc". Pairs: (a,b) 4, (Ġ,a) 3, (b,c) 1 -> merge a+b.
        // Then (Ġ,ab) 3, (ab,c) 1 -> merge Ġ+ab. Then (Ġab,c) 1 is below MinFrequency 2: stop at 2 merges.
        var trained = BpeTrainer.Train(["ab ab ab abc"], new BpeTrainerOptions(Merges: 10));
        Assert.Equal([("a", "b"), ("Ġ", "ab")], trained.Merges);
        Assert.Equal(["ab", "Ġab"], trained.Tokens.Skip(256));
        Assert.Equal(261, trained.VocabSize);
    }

    [Fact]
    public void Should_BreakTiesByOrdinalOrder_When_PairsAreEquallyFrequent()
    {
        // Words "xy", "Ġzw": every pair occurs once; 'x' < 'z' < 'Ġ' (U+0120) in ordinal order.
        var options = new BpeTrainerOptions(Merges: 5) { MinFrequency = 1 };
        var trained = BpeTrainer.Train(["xy zw"], options);
        Assert.Equal([("x", "y"), ("z", "w"), ("Ġ", "zw")], trained.Merges);
    }

    [Fact]
    public void Should_EncodeWithLearnedMerges_When_Saved()
    {
        // Byte ids equal byte values; "ab" is 256, "Ġab" 257, and 'c' stays byte 99.
        TinyTokenizers.WriteByteLevel(_dir.Path, ["ab ab ab abc"], merges: 10);
        var tok = HfTokenizer.Load(_dir.Path);
        Assert.Equal([256, 257, 99, 258], tok.Encode("ab abc<|endoftext|>"));
    }

    [Fact]
    public void Should_NotLearnPiecesOfSpecialTokens_When_CorpusContainsThem()
    {
        var trained = BpeTrainer.Train(["<|im_end|><|im_end|><|im_end|>"], new BpeTrainerOptions(Merges: 10));
        Assert.Empty(trained.Merges);
    }

    [Fact]
    public void Should_WriteIdenticalFiles_When_TrainedTwice()
    {
        string[] corpus = [Corpus.Text];
        using var other = new ScratchDir();
        TinyTokenizers.WriteByteLevel(_dir.Path, corpus, merges: 300);
        TinyTokenizers.WriteByteLevel(other.Path, corpus, merges: 300);
        Assert.Equal(File.ReadAllBytes(_dir.File("tokenizer.json")), File.ReadAllBytes(other.File("tokenizer.json")));
    }

    [Theory]
    [InlineData("The quick brown fox, 42 times.")]
    [InlineData("naïve café 東京 🙂\n\tdone  ")]
    [InlineData("<|im_start|>user\nHi there<|im_end|>\n<|im_start|>assistant\n")]
    public void Should_MatchHuggingFaceRust_When_LoadingTrainedFiles(string text)
    {
        TinyTokenizers.WriteByteLevel(_dir.Path, [Corpus.Text], merges: 300);
        var oracle = new Tokenizers.DotNet.Tokenizer(vocabPath: _dir.File("tokenizer.json"));
        var tok = HfTokenizer.Load(_dir.Path);
        Assert.Equal(oracle.Encode(text).Select(id => (int)id), tok.Encode(text));
        Assert.Equal(text, tok.Decode(tok.Encode(text)));
    }

    [Fact]
    public void Should_SayWhatToDo_When_EosIsNotASpecialToken()
    {
        var options = new BpeTrainerOptions(Merges: 1) { EosToken = "</s>" };
        var error = Assert.Throws<PlumbException>(() => BpeTrainer.Train(["x"], options));
        Assert.Equal("BPE training: '</s>' is used as BOS, EOS or pad but is not listed in SpecialTokens; " +
            "add it there.", error.Message);
    }
}
