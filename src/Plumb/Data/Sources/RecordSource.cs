using System.IO.Compression;

namespace Plumb.Data.Sources;

/// <summary>
/// Opens a file or a directory of shards as one lazy sequence of records. The format comes from the extension:
/// .jsonl/.ndjson (JSON Lines), .json (JSON array), .parquet, each optionally followed by .gz.
/// </summary>
public static class RecordSource
{
    private static readonly string[] Formats = [".jsonl", ".ndjson", ".json", ".parquet"];

    /// <summary>Reads every record of <paramref name="path"/>; a directory's shards are read in name order.</summary>
    public static IEnumerable<DataRecord> Read(string path)
    {
        if (Directory.Exists(path))
            return Shards(path).SelectMany(ReadFile);
        if (!File.Exists(path))
            throw new PlumbException($"{path}: no such file or directory; check the path.");
        return ReadFile(path);
    }

    /// <summary>The data files of a directory, sorted by name (ordinal), so shard order is stable.</summary>
    public static IReadOnlyList<string> Shards(string directory)
    {
        var files = Directory.EnumerateFiles(directory)
            .Where(f => FormatOf(f) is not null)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
            throw new PlumbException(
                $"{directory}: no data files; expected {string.Join(", ", Formats)} files, optionally .gz.");
        return files;
    }

    private static IEnumerable<DataRecord> ReadFile(string path)
    {
        string format = FormatOf(path) ?? throw new PlumbException(
            $"{path}: unknown format; name the file with one of {string.Join(", ", Formats)} (optionally .gz).");
        bool gzip = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        return format == ".parquet" ? ReadParquet(path, gzip) : ReadJson(path, format, gzip);
    }

    private static IEnumerable<DataRecord> ReadJson(string path, string format, bool gzip)
    {
        using var file = File.OpenRead(path);
        using var stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
        var records = format == ".json" ? JsonArraySource.Read(path, stream) : JsonlSource.Read(path, stream);
        foreach (var record in records)
            yield return record;
    }

    private static IEnumerable<DataRecord> ReadParquet(string path, bool gzip)
    {
        // Parquet needs a seekable stream: a gzipped file is inflated to a temporary file, deleted afterwards.
        string? temp = gzip ? Inflate(path) : null;
        try
        {
            using var stream = File.OpenRead(temp ?? path);
            foreach (var record in ParquetSource.Read(path, stream))
                yield return record;
        }
        finally
        {
            if (temp is not null)
                File.Delete(temp);
        }
    }

    private static string Inflate(string path)
    {
        string temp = Path.GetTempFileName();
        using var source = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var target = File.Create(temp);
        source.CopyTo(target);
        return temp;
    }

    private static string? FormatOf(string path)
    {
        string name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        return Formats.FirstOrDefault(f => name.EndsWith(f, StringComparison.OrdinalIgnoreCase));
    }
}
