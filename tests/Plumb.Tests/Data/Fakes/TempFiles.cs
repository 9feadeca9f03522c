using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Parquet.Schema;
using Parquet.Serialization;

namespace Plumb.Tests.Data.Fakes;

/// <summary>A temporary directory of small data files, deleted on dispose.</summary>
internal sealed class TempFiles : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("plumb-data-").FullName;

    public string Path(string name) => System.IO.Path.Combine(Dir, name);

    /// <summary>Writes text lines; a name ending .gz is gzipped.</summary>
    public string Write(string name, params string[] lines) =>
        WriteBytes(name, Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));

    public string WriteBytes(string name, byte[] bytes)
    {
        string path = Path(name);
        if (name.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest);
            gz.Write(bytes);
        }
        else
        {
            File.WriteAllBytes(path, bytes);
        }
        return path;
    }

    /// <summary>Writes rows to Parquet, <paramref name="rowGroupSize"/> rows per row group; .gz is gzipped.</summary>
    public string WriteParquet(string name, ParquetSchema schema, IReadOnlyList<Dictionary<string, object?>> rows,
        int rowGroupSize = 1000)
    {
        using var memory = new MemoryStream();
        var options = new Parquet.ParquetOptions { RowGroupSize = rowGroupSize };
        ParquetSerializer.SerializeUntypedAsync(rows.Cast<IDictionary<string, object?>>().ToList(), schema, memory,
            options).GetAwaiter().GetResult();
        return WriteBytes(name, memory.ToArray());
    }

    /// <summary>prompt, chosen, rejected as strings.</summary>
    public static ParquetSchema StringSchema(params string[] columns) =>
        new(columns.Select(c => (Field)new DataField<string>(c)).ToArray());

    /// <summary>A list&lt;struct&lt;role, content&gt;&gt; column, as Hugging Face publishes messages.</summary>
    public static Field MessagesField(string name) =>
        new ListField(name, new StructField("element",
            new DataField<string>("role"), new DataField<string>("content")));

    public static List<Dictionary<string, object?>> Messages(params (string Role, string Content)[] messages) =>
        [.. messages.Select(m => new Dictionary<string, object?> { ["role"] = m.Role, ["content"] = m.Content })];

    /// <summary>One JSON line from an anonymous object.</summary>
    public static string Json(object value) => JsonSerializer.Serialize(value);

    /// <summary>Messages as JSON objects with role and content.</summary>
    public static object[] Chat(params (string Role, string Content)[] messages) =>
        [.. messages.Select(m => (object)new { role = m.Role, content = m.Content })];

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
