using System.Diagnostics;
using System.Globalization;
using Plumb.Tests.Fixtures;
using Plumb.Tokenization;
using Xunit.Abstractions;

namespace Plumb.Tests.Tokenization;

/// <summary>Guards against pathological slowdowns; the floors are far below measured speeds (see the report).</summary>
public sealed class ThroughputTests(ITestOutputHelper output)
{
    [Fact]
    public void Should_EncodeOverTwentyThousandTokensPerSecond_When_TextIsGpt2Sized()
    {
        // Given ~200 KB of text whose numbers make many distinct words, so the word cache keeps missing
        var docs = Enumerable.Range(0, 200).Select(Document).ToList();
        var tok = HfTokenizer.Load(Gpt2TokenizerJson.Dir);

        var watch = Stopwatch.StartNew();
        long tokens = docs.Sum(d => (long)tok.Encode(d).Length);
        watch.Stop();

        double rate = tokens / watch.Elapsed.TotalSeconds;
        output.WriteLine($"{docs.Sum(d => d.Length) / 1024} KB, {tokens} tokens, {rate:F0} tokens/s (cold cache)");
        Assert.True(rate > 20_000, $"{rate:F0} tokens/s");
    }

    [Fact]
    public void Should_HandleLongWordsQuickly_When_MetaspaceHasNoPreTokenizer()
    {
        // Llama 2's layout has no pre-tokenizer, so 100 KB without added tokens is one BPE word.
        using var dir = new ScratchDir();
        TinyTokenizers.WriteMetaspace(dir.Path);
        var tok = HfTokenizer.Load(dir.Path);
        string text = string.Concat(Enumerable.Repeat("Hello world, héllo wörld! ", 4000));

        var watch = Stopwatch.StartNew();
        int[] ids = tok.Encode(text);
        watch.Stop();

        output.WriteLine($"{text.Length} chars -> {ids.Length} tokens in {watch.ElapsedMilliseconds} ms");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"{watch.ElapsedMilliseconds} ms");
        Assert.Equal(text, tok.Decode(ids));
    }

    private static string Document(int i) => string.Join(" ", Enumerable.Range(0, 20).Select(j =>
        string.Create(CultureInfo.InvariantCulture, $"Item {i * 20 + j} costs ${(i * 37 + j) % 997}.{j:D2}; ")
        + Corpus.Text.Substring((i * 131 + j * 17) % (Corpus.Text.Length - 40), 40)));
}
