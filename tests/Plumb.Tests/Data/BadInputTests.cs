using System.Text;
using Plumb.Data;
using Plumb.Tests.Data.Fakes;

namespace Plumb.Tests.Data;

public sealed class BadInputTests : IDisposable
{
    private const string Good = """{"prompt": "p", "chosen": "c", "rejected": "r"}""";
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static InvalidRecordException Fail(string path, DataOptions? options = null) =>
        Assert.Throws<InvalidRecordException>(() =>
            new PreferencePipeline(options ?? new DataOptions()).Examples(path).ToList());

    [Fact]
    public void Should_NameFileAndLine_When_JsonLineIsMalformed()
    {
        string path = _files.Write("bad.jsonl", Good, """{"prompt": "p", "chosen": """);

        var e = Fail(path);

        Assert.Equal(InvalidReason.MalformedJson, e.Reason);
        Assert.Contains($"{path} line 2", e.Message);
        Assert.Contains("--skip-invalid", e.Message);
    }

    [Fact]
    public void Should_ListColumnsAndSuggestColumnsOption_When_ColumnIsMissing()
    {
        string path = _files.Write("m.jsonl", Good, """{"prompt": "p", "chosen": "c", "response_k": "r"}""");

        var e = Fail(path);

        Assert.Equal(InvalidReason.MissingColumn, e.Reason);
        Assert.Contains($"{path} line 2, field 'rejected'", e.Message);
        Assert.Contains("[prompt, chosen, response_k]", e.Message);
        Assert.Contains("--columns rejected=", e.Message);
    }

    [Fact]
    public void Should_ListColumns_When_ShapeCannotBeDetected()
    {
        string path = _files.Write("q.jsonl", """{"question": "p", "response_j": "c", "response_k": "r"}""");

        var e = Fail(path);

        Assert.Contains($"{path} line 1", e.Message);
        Assert.Contains("[question, response_j, response_k]", e.Message);
        Assert.Contains("--columns", e.Message);
    }

    [Theory]
    [InlineData("""{"prompt": "p", "chosen": null, "rejected": "r"}""", "chosen", "null")]
    [InlineData("""{"prompt": "p", "chosen": "c", "rejected": ""}""", "rejected", "empty")]
    [InlineData("""{"prompt": "p", "chosen": [], "rejected": "r"}""", "chosen", "empty")]
    public void Should_NameField_When_CompletionIsNullOrEmpty(string line, string field, string what)
    {
        string path = _files.Write("n.jsonl", Good, Good, line);

        var e = Fail(path);

        Assert.Equal(InvalidReason.NullOrEmpty, e.Reason);
        Assert.Contains($"{path} line 3, field '{field}'", e.Message);
        Assert.Contains(what, e.Message);
    }

    [Fact]
    public void Should_Reject_When_ChosenEqualsRejected()
    {
        string path = _files.Write("same.jsonl", """{"prompt": "p", "chosen": "same", "rejected": "same"}""");

        var e = Fail(path);

        Assert.Equal(InvalidReason.IdenticalPair, e.Reason);
        Assert.Contains($"{path} line 1, field 'rejected'", e.Message);
        Assert.Contains("no preference", e.Message);
    }

    [Fact]
    public void Should_NameLine_When_BytesAreNotUtf8()
    {
        // Given a Latin-1 "é" (0xE9) inside the chosen text on line 2
        byte[] bad = [.. Encoding.UTF8.GetBytes("""{"prompt": "p", "chosen": "caf"""), 0xE9,
            .. Encoding.UTF8.GetBytes("\", \"rejected\": \"r\"}\n")];
        string path = _files.WriteBytes("latin.jsonl", [.. Encoding.UTF8.GetBytes(Good + "\n"), .. bad]);

        var e = Fail(path);

        Assert.Equal(InvalidReason.InvalidUtf8, e.Reason);
        Assert.Contains($"{path} line 2", e.Message);
        Assert.Contains("near byte 30", e.Message);
        Assert.Contains("UTF-8", e.Message);
    }

    [Fact]
    public void Should_NameRow_When_JsonArrayElementIsNotUtf8()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes($"[{Good}, " + """{"prompt": "p", "chosen": "caf"""), 0xE9,
            .. Encoding.UTF8.GetBytes("\", \"rejected\": \"r\"}]")];
        string path = _files.WriteBytes("latin.json", bytes);

        var pipeline = new PreferencePipeline(new DataOptions());

        var e = Assert.ThrowsAny<PlumbException>(() => pipeline.Examples(path).ToList());

        Assert.Contains($"{path} row 2", e.Message);
        Assert.Contains("UTF-8", e.Message);
    }

    [Fact]
    public void Should_RejectAsEmpty_When_ImplicitChosenEndsWhereTheSharedPromptEnds()
    {
        // Given an HH-RLHF pair whose chosen stops at the assistant header
        string path = _files.Write("hh.jsonl", TempFiles.Json(new
        {
            chosen = "\n\nHuman: q\n\nAssistant:",
            rejected = "\n\nHuman: q\n\nAssistant: a",
        }));

        var e = Fail(path);

        Assert.Equal(InvalidReason.NullOrEmpty, e.Reason);
        Assert.Contains($"{path} line 1, field 'chosen'", e.Message);
    }

    [Theory]
    [InlineData("\"yes\"", "the string \"yes\"")]
    [InlineData("1", "the number 1")]
    [InlineData("null", "null")]
    public void Should_Reject_When_LabelIsNotBoolean(string label, string found)
    {
        string path = _files.Write("kto.jsonl",
            """{"prompt": "p", "completion": "c", "label": true}""",
            $$"""{"prompt": "p", "completion": "c", "label": {{label}}}""");

        var e = Fail(path);

        Assert.Equal(InvalidReason.NotBoolean, e.Reason);
        Assert.Contains($"{path} line 2, field 'label'", e.Message);
        Assert.Contains(found, e.Message);
        Assert.Contains("true/false", e.Message);
    }

    [Fact]
    public void Should_NameRow_When_ParquetValueIsNull()
    {
        var rows = new List<Dictionary<string, object?>>
        {
            new() { ["prompt"] = "p", ["chosen"] = "c", ["rejected"] = "r" },
            new() { ["prompt"] = "p", ["chosen"] = "c", ["rejected"] = null },
        };
        string path = _files.WriteParquet("n.parquet", TempFiles.StringSchema("prompt", "chosen", "rejected"), rows);

        var e = Fail(path);

        Assert.Contains($"{path} row 2, field 'rejected'", e.Message);
    }

    [Fact]
    public void Should_NameRow_When_JsonArrayIsMalformed()
    {
        string path = _files.Write("broken.json", $"[{Good}, {Good}, {{\"prompt\": ]");

        var e = Assert.Throws<PlumbException>(() => new PreferencePipeline(new DataOptions()).Examples(path).ToList());

        Assert.Contains($"{path} row 3", e.Message);
        Assert.Contains("JSON Lines", e.Message);
    }

    [Fact]
    public void Should_CountSkipsByReason_When_SkipInvalid()
    {
        // Given 2 good lines and one of each bad kind
        byte[] latin = [.. Encoding.UTF8.GetBytes("""{"prompt": "p", "chosen": "caf"""), 0xE9,
            .. Encoding.UTF8.GetBytes("\", \"rejected\": \"r\"}\n")];
        string text = string.Join("\n", Good, "{oops", """{"prompt": "p", "chosen": "c"}""",
            """{"prompt": "p", "chosen": null, "rejected": "r"}""",
            """{"prompt": "p", "chosen": "x", "rejected": "x"}""",
            """{"prompt": "p", "chosen": "c", "rejected": "r"}""") + "\n";
        string path = _files.WriteBytes("mixed.jsonl", [.. Encoding.UTF8.GetBytes(text), .. latin]);
        var pipeline = new PreferencePipeline(new DataOptions { SkipInvalid = true });

        var examples = pipeline.Examples(path).ToList();

        var report = pipeline.Report;
        Assert.Equal(2, examples.Count);
        Assert.Equal(7, report.Read);
        Assert.Equal(2, report.Kept);
        Assert.Equal(new Dictionary<string, long>
        {
            ["MalformedJson"] = 1, ["MissingColumn"] = 1, ["NullOrEmpty"] = 1, ["IdenticalPair"] = 1,
            ["InvalidUtf8"] = 1,
        }, report.Dropped.ToDictionary());
        Assert.Contains("line 2", report.FirstDropped["MalformedJson"]);
    }
}
