using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Plumb.Cli;
using Plumb.Cli.Commands;
using Plumb.Data;
using Plumb.Tests.Data.Fakes;

namespace Plumb.Tests.Cli;

public sealed class DataCommandTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose()
    {
        _files.Dispose();
        DataCommand.TokenizerFactory = DataCommand.DefaultTokenizerFactory;
        DataCommand.TemplateFactory = DataCommand.DefaultTemplateFactory;
    }

    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        int code = PlumbCli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Should_ShowShapeCountsLengthsAndBoundary_When_InspectingWithoutModel()
    {
        // Given three pairs, one of them identical (skipped)
        string path = _files.Write("d.jsonl",
            """{"question": "Q1", "chosen": "aa", "rejected": "b"}""",
            """{"question": "Q22", "chosen": "aaaa", "rejected": "bbb"}""",
            """{"question": "Q3", "chosen": "same", "rejected": "same"}""");

        var (code, output, _) = Run("data", "inspect", path, "--columns", "prompt=question", "--skip-invalid");

        Assert.Equal(0, code);
        Assert.Contains("shape:   Explicit (standard)", output);
        Assert.Contains("columns: question, chosen, rejected", output);
        Assert.Matches(@"│ read\s+│\s+3 │", output);
        Assert.Matches(@"│ kept\s+│\s+2 │", output);
        Assert.Matches(@"│ dropped: IdenticalPair\s+│\s+1 │", output);
        // prompt lengths 2 and 3 characters: p50 = 2, max = 3
        Assert.Matches(@"│ prompt\s+│\s+2 │\s+2 │\s+3 │\s+3 │\s+3 │", output);
        Assert.Contains($"Q1{DataInspection.Boundary}aa", output);
        Assert.Contains($"Q1{DataInspection.Boundary}b", output);
    }

    [Fact]
    public void Should_CountTokensAndShowWhatTheModelSees_When_ModelGiven()
    {
        // Given a model whose tokenizer is the character-level fake (BOS and EOS added)
        DataCommand.TokenizerFactory = _ => new FakeTokenizer();
        string path = _files.Write("d.jsonl", """{"prompt": "Q", "chosen": "abc", "rejected": "de"}""");

        var (code, output, _) = Run("data", "inspect", path, "--model", "fake", "--max-length", "4",
            "--max-prompt-length", "2");

        // Then prompt = [BOS, Q] (2 tokens), chosen = abc+EOS (4), rejected = de+EOS (3); 2 + 4 > 4
        Assert.Equal(0, code);
        Assert.Matches(@"│ tokens\s+│ count │", output);
        Assert.Matches(@"│ chosen\s+│\s+1 │\s+4 │\s+4 │\s+4 │\s+4 │", output);
        Assert.Contains("over max_length 4: 1 example(s) would be truncated, 0 dropped", output);
        Assert.Contains($"<s>Q{DataInspection.Boundary}abc</s>", output);
    }

    [Fact]
    public void Should_RenderConversationsWithTheModelTemplate_When_ModelGiven()
    {
        DataCommand.TokenizerFactory = _ => new FakeTokenizer();
        DataCommand.TemplateFactory = (_, _) => new FakeChatTemplate(writeBos: true);
        string path = _files.Write("c.jsonl", TempFiles.Json(new
        {
            chosen = TempFiles.Chat(("user", "hi"), ("assistant", "yo")),
            rejected = TempFiles.Chat(("user", "hi"), ("assistant", "no")),
        }));

        var (_, output, _) = Run("data", "inspect", path, "--model", "fake");

        Assert.Contains("shape:   Implicit (conversational)", output);
        Assert.Contains($"<s><|user|>hi</s><|assistant|>{DataInspection.Boundary}yo</s>", output);
    }

    [Fact]
    public void Should_PrintMessageWithFileLineAndField_When_InputIsBad()
    {
        string path = _files.Write("bad.jsonl", """{"prompt": "p", "chosen": null, "rejected": "r"}""");

        var (code, _, error) = Run("data", "inspect", path);

        Assert.Equal(1, code);
        Assert.Contains($"error: {path} line 1, field 'chosen'", error);
    }

    [Fact]
    public void Should_NotGrowMemoryWithFileSize_When_InspectingALargeFile()
    {
        // Given files of 4,000 and 40,000 pairs (~1.5 kB each, 60 MB for the larger): holding the larger one's
        // texts would take over 100 MiB more, as UTF-16 strings.
        string small = WritePairs("small.jsonl", 4_000);
        string large = WritePairs("large.jsonl", 40_000);

        long smallPeak = PeakMiB(small);
        long largePeak = PeakMiB(large);

        Assert.True(largePeak < smallPeak + 40, $"peak working set {smallPeak} MiB (4k) vs {largePeak} MiB (40k)");
    }

    private string WritePairs(string name, int count)
    {
        string path = _files.Path(name);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        string filler = new('w', 700);
        for (int i = 0; i < count; i++)
        {
            var pair = new { prompt = $"q{i} {filler}", chosen = $"a{i} {filler}", rejected = $"b{i}" };
            writer.WriteLine(TempFiles.Json(pair));
        }
        return path;
    }

    // Runs the real CLI in its own process, so that the peak belongs to this inspection alone.
    private static long PeakMiB(string path)
    {
        string cli = typeof(PlumbCli).Assembly.Location;
        var info = new ProcessStartInfo("dotnet", [cli, "data", "inspect", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        var match = Regex.Match(output, @"peak working set (\d+) MiB");
        Assert.True(match.Success, output);
        return long.Parse(match.Groups[1].Value);
    }
}
