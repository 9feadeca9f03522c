using Parquet;
using Parquet.Schema;
using Plumb.Data;
using Plumb.Data.Sources;
using Plumb.Tests.Data.Fakes;

namespace Plumb.Tests.Data;

public sealed class RecordSourceTests : IDisposable
{
    private readonly TempFiles _files = new();

    private static readonly string[] Pairs =
    [
        """{"prompt": "p1", "chosen": "c1", "rejected": "r1"}""",
        """{"prompt": "p2", "chosen": "c2", "rejected": "r2"}""",
    ];

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("d.jsonl")]
    [InlineData("d.jsonl.gz")]
    [InlineData("d.ndjson")]
    public void Should_ReadEveryLineWithItsLineNumber_When_FileIsJsonLines(string name)
    {
        // Given a blank line between two records
        string path = _files.Write(name, Pairs[0], "", Pairs[1]);

        var records = RecordSource.Read(path).ToList();

        Assert.Equal(["p1", "p2"], records.Select(r => r.Fields["prompt"]));
        Assert.Equal([1L, 3L], records.Select(r => r.Origin.Number));
        Assert.All(records, r => Assert.Equal("line", r.Origin.Unit));
    }

    [Theory]
    [InlineData("d.json")]
    [InlineData("d.json.gz")]
    public void Should_ReadEveryElementWithItsRowNumber_When_FileIsJsonArray(string name)
    {
        string path = _files.Write(name, "[", Pairs[0] + ",", Pairs[1], "]");

        var records = RecordSource.Read(path).ToList();

        Assert.Equal(["c1", "c2"], records.Select(r => r.Fields["chosen"]));
        Assert.Equal([1L, 2L], records.Select(r => r.Origin.Number));
        Assert.All(records, r => Assert.Equal("row", r.Origin.Unit));
    }

    [Fact]
    public void Should_StreamElementsLargerThanTheReadBuffer_When_JsonArrayHasLongTexts()
    {
        // Given elements of 200 kB, three times the 64 kB read buffer, and many small ones after them
        string big = new('x', 200_000);
        var rows = Enumerable.Range(0, 3).Select(i => $$"""{"prompt": "{{i}}", "chosen": "{{big}}", "rejected": "r"}""")
            .Concat(Enumerable.Range(3, 2000).Select(i => $$"""{"prompt": "{{i}}", "chosen": "c", "rejected": "r"}"""));
        string path = _files.Write("big.json", "[" + string.Join(",\n", rows) + "]");

        var records = RecordSource.Read(path).ToList();

        Assert.Equal(2003, records.Count);
        Assert.Equal(big, records[2].Fields["chosen"]);
        Assert.Equal("2002", records[^1].Fields["prompt"]);
        Assert.Equal(2003L, records[^1].Origin.Number);
    }

    [Theory]
    [InlineData("d.parquet")]
    [InlineData("d.parquet.gz")]
    public void Should_ReadStringColumnsAcrossRowGroups_When_FileIsParquet(string name)
    {
        // Given 5 rows in row groups of 2
        var rows = Enumerable.Range(1, 5).Select(i => new Dictionary<string, object?>
        {
            ["prompt"] = $"p{i}", ["chosen"] = $"c{i}", ["rejected"] = $"r{i}",
        }).ToList();
        string path = _files.WriteParquet(name, TempFiles.StringSchema("prompt", "chosen", "rejected"), rows, 2);

        var records = RecordSource.Read(path).ToList();

        Assert.Equal(["p1", "p2", "p3", "p4", "p5"], records.Select(r => r.Fields["prompt"]));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], records.Select(r => r.Origin.Number));
        if (!name.EndsWith(".gz", StringComparison.Ordinal))
            Assert.Equal(3, RowGroups(path));
    }

    [Fact]
    public void Should_ReadMessageLists_When_ParquetHasListOfStructColumns()
    {
        var schema = new ParquetSchema(TempFiles.MessagesField("chosen"), TempFiles.MessagesField("rejected"));
        var row = new Dictionary<string, object?>
        {
            ["chosen"] = TempFiles.Messages(("user", "hi"), ("assistant", "hello")),
            ["rejected"] = TempFiles.Messages(("user", "hi"), ("assistant", "go away")),
        };
        string path = _files.WriteParquet("m.parquet", schema, [row]);

        var example = new PreferencePipeline(new DataOptions()).Examples(path).Single();

        Assert.Equal("hi", example.Prompt.Messages!.Single().Content);
        Assert.Equal("go away", example.Completions[1].Messages!.Single().Content);
    }

    [Fact]
    public void Should_ReadBooleanLabels_When_UnpairedDataIsParquet()
    {
        var schema = new ParquetSchema(new DataField<string>("prompt"), new DataField<string>("completion"),
            new DataField<bool>("label"));
        var rows = new List<Dictionary<string, object?>>
        {
            new() { ["prompt"] = "p", ["completion"] = "good", ["label"] = true },
            new() { ["prompt"] = "p", ["completion"] = "bad", ["label"] = false },
        };
        string path = _files.WriteParquet("kto.parquet", schema, rows);

        var examples = new PreferencePipeline(new DataOptions()).Examples(path).ToList();

        Assert.Equal([true, false], examples.Select(e => e.Label));
    }

    [Fact]
    public void Should_ReadShardsInNameOrder_When_PathIsDirectory()
    {
        // Given shards written out of order, in three formats, and a file that is not data
        string dir = Directory.CreateDirectory(_files.Path("shards")).FullName;
        _files.Write("shards/train-00002.jsonl", """{"prompt": "c", "chosen": "x", "rejected": "y"}""");
        _files.Write("shards/train-00000.json.gz", """[{"prompt": "a", "chosen": "x", "rejected": "y"}]""");
        _files.WriteParquet("shards/train-00001.parquet", TempFiles.StringSchema("prompt", "chosen", "rejected"),
            [new() { ["prompt"] = "b", ["chosen"] = "x", ["rejected"] = "y" }]);
        _files.Write("shards/README.md", "not data");

        var records = RecordSource.Read(dir).ToList();

        Assert.Equal(["a", "b", "c"], records.Select(r => r.Fields["prompt"]));
        Assert.EndsWith("train-00001.parquet", records[1].Origin.File);
    }

    [Fact]
    public void Should_NotReadAhead_When_RecordsAreEnumeratedLazily()
    {
        // Given a file whose third line is malformed, reading two records must not touch it
        string path = _files.Write("lazy.jsonl", Pairs[0], Pairs[1], "{not json");

        var first = RecordSource.Read(path).Take(2).ToList();

        Assert.All(first, r => Assert.Null(r.Error));
    }

    [Fact]
    public void Should_NameTheFormats_When_ExtensionIsUnknown()
    {
        string path = _files.Write("d.csv", "a,b");

        var e = Assert.Throws<PlumbException>(() => RecordSource.Read(path).ToList());

        Assert.Contains("d.csv", e.Message);
        Assert.Contains(".jsonl", e.Message);
    }

    private static int RowGroups(string path)
    {
        using var stream = File.OpenRead(path);
        var reader = ParquetReader.CreateAsync(stream).GetAwaiter().GetResult();
        int count = reader.RowGroupCount;
        reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return count;
    }
}
