using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Models;

/// <summary>Reads the safetensors format: an 8-byte header length, a JSON header, then raw tensor bytes.</summary>
public sealed class SafetensorsFile
{
    private static readonly Dictionary<string, (ScalarType Type, int Size)> Dtypes = new()
    {
        ["F32"] = (ScalarType.Float32, 4),
        ["F16"] = (ScalarType.Float16, 2),
        ["BF16"] = (ScalarType.BFloat16, 2),
        ["F64"] = (ScalarType.Float64, 8),
    };

    private readonly long dataStart;

    private SafetensorsFile(string path, long dataStart, IReadOnlyList<SafetensorsEntry> entries,
        IReadOnlyDictionary<string, string> metadata)
    {
        Path = path;
        this.dataStart = dataStart;
        Entries = entries;
        Metadata = metadata;
    }

    public string Path { get; }

    /// <summary>The tensors in header order.</summary>
    public IReadOnlyList<SafetensorsEntry> Entries { get; }

    /// <summary>The header's <c>__metadata__</c> strings, e.g. <c>format: pt</c>.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Reads and checks the header of <paramref name="path"/>, not the tensor data.</summary>
    /// <exception cref="PlumbException">The file is truncated or its header is malformed.</exception>
    public static SafetensorsFile Open(string path)
    {
        if (!File.Exists(path))
            throw new PlumbException($"{path}: not found.");
        using var stream = File.OpenRead(path);
        Span<byte> lengthBytes = stackalloc byte[8];
        if (stream.Length < 8 || stream.Read(lengthBytes) != 8)
            throw Corrupt(path, "shorter than its 8-byte header length");
        long headerLength = BinaryPrimitives.ReadInt64LittleEndian(lengthBytes);
        if (headerLength <= 0 || headerLength > stream.Length - 8 || headerLength > 100_000_000)
            throw Corrupt(path, $"header length {headerLength} does not fit a file of {stream.Length} bytes");
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        return Parse(path, Encoding.UTF8.GetString(header), 8 + headerLength, stream.Length);
    }

    private static SafetensorsFile Parse(string path, string header, long dataStart, long fileLength)
    {
        JsonObject json;
        try
        {
            json = JsonNode.Parse(header) as JsonObject ?? throw Corrupt(path, "header is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new PlumbException($"{path}: the safetensors header is not valid JSON ({e.Message}).", e);
        }
        var metadata = new Dictionary<string, string>();
        var entries = new List<SafetensorsEntry>();
        foreach (var (name, node) in json)
        {
            if (name == "__metadata__")
            {
                foreach (var (key, value) in node as JsonObject ?? [])
                    metadata[key] = value?.ToString() ?? "";
                continue;
            }
            var entry = ParseEntry(path, name, node);
            if (dataStart + entry.End > fileLength)
                throw Corrupt(path, $"tensor {name} ends past the end of the file (truncated?)");
            entries.Add(entry);
        }
        return new SafetensorsFile(path, dataStart, entries, metadata);
    }

    private static SafetensorsEntry ParseEntry(string path, string name, JsonNode? node)
    {
        try
        {
            string dtype = node!["dtype"]!.GetValue<string>();
            long[] shape = [.. node["shape"]!.AsArray().Select(d => d!.GetValue<long>())];
            var offsets = node["data_offsets"]!.AsArray();
            var entry = new SafetensorsEntry(name, dtype, shape,
                offsets[0]!.GetValue<long>(), offsets[1]!.GetValue<long>(), path);
            if (Dtypes.TryGetValue(dtype, out var info) && entry.End - entry.Begin != entry.Count * info.Size)
                throw Corrupt(path, $"tensor {name} has {entry.End - entry.Begin} bytes for shape "
                    + $"{entry.ShapeText} of {dtype}");
            return entry;
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException)
        {
            throw Corrupt(path, $"the header entry of tensor {name} lacks dtype, shape or data_offsets");
        }
    }

    /// <summary>Whether Plumb can read tensors of this safetensors dtype.</summary>
    public static bool IsSupportedDtype(string dtype) => Dtypes.ContainsKey(dtype);

    /// <summary>Reads one tensor from this file and converts it to fp32 on the CPU.</summary>
    public Tensor ReadFloat32(SafetensorsEntry entry)
    {
        var (type, _) = Dtypes.TryGetValue(entry.Dtype, out var info) ? info
            : throw new PlumbException($"{Path}: tensor {entry.Name} has dtype {entry.Dtype}; "
                + $"Plumb reads {string.Join(", ", Dtypes.Keys)}.");
        using var stream = File.OpenRead(Path);
        stream.Seek(dataStart + entry.Begin, SeekOrigin.Begin);
        using var raw = empty(entry.Shape, type);
        // TODO(#2): a tensor over 2 GiB does not fit one Span; read such tensors in slices.
        if (entry.Count > 0)
            stream.ReadExactly(raw.bytes);
        return raw.to_type(ScalarType.Float32, copy: true);
    }

    private static PlumbException Corrupt(string path, string what) =>
        new($"{path}: not a valid safetensors file: {what}. Re-download or re-save the checkpoint.");
}
