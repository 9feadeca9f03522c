using System.Collections;
using Parquet;
using Parquet.Serialization;

namespace Plumb.Data.Sources;

/// <summary>
/// Reads a Parquet file one row group at a time, so memory is bounded by the largest row group. String, bool and
/// numeric columns, and list-of-struct message columns as Hugging Face datasets publish them, are supported.
/// </summary>
internal static class ParquetSource
{
    public static IEnumerable<DataRecord> Read(string path, Stream stream)
    {
        int groups = RowGroupCount(path, stream);
        long row = 0;
        for (int group = 0; group < groups; group++)
        {
            stream.Position = 0;
            var rows = Deserialize(path, stream, group);
            foreach (var fields in rows)
            {
                row++;
                yield return new DataRecord(new RecordOrigin(path, "row", row), Normalize(fields));
            }
        }
    }

    private static int RowGroupCount(string path, Stream stream)
    {
        try
        {
            var reader = ParquetReader.CreateAsync(stream, leaveStreamOpen: true).GetAwaiter().GetResult();
            int count = reader.RowGroupCount;
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return count;
        }
        catch (Exception e) when (e is not PlumbException)
        {
            throw new PlumbException($"{path}: not a readable Parquet file ({e.Message}); check the file is complete.",
                e);
        }
    }

    private static IList<Dictionary<string, object>> Deserialize(string path, Stream stream, int group)
    {
        try
        {
            return ParquetSerializer.DeserializeUntypedAsync(stream, null, group).GetAwaiter().GetResult().Data;
        }
        catch (Exception e) when (e is not PlumbException)
        {
            throw new PlumbException(
                $"{path}: row group {group} could not be read ({e.Message}); Plumb reads string, bool, number and " +
                "list-of-struct columns. Convert other column types to strings.", e);
        }
    }

    private static Dictionary<string, object?> Normalize(IDictionary<string, object> fields)
    {
        var columns = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in fields)
            columns[name] = NormalizeValue(value);
        return columns;
    }

    private static object? NormalizeValue(object? value) => value switch
    {
        null or string or bool or long or double => value,
        int i => (long)i,
        float f => (double)f,
        IDictionary<string, object> d => Normalize(d),
        IEnumerable e => e.Cast<object?>().Select(NormalizeValue).ToList(),
        _ => value.ToString(),
    };
}
