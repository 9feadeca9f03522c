using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Plumb.Models;

/// <summary>Writes tensors as a safetensors file with a <c>__metadata__</c> entry.</summary>
public static class SafetensorsWriter
{
    private static readonly Dictionary<ScalarType, (string Name, int Size)> Dtypes = new()
    {
        [ScalarType.Float32] = ("F32", 4),
        [ScalarType.Float16] = ("F16", 2),
        [ScalarType.BFloat16] = ("BF16", 2),
    };

    /// <summary>Writes <paramref name="tensors"/> in order to a new file at <paramref name="path"/>.</summary>
    /// <remarks>
    /// Tensors keep their dtype (fp32, fp16 or bf16). The file is created or truncated; callers that need
    /// atomicity write to a temporary path.
    /// </remarks>
    public static void Write(string path, IReadOnlyList<(string Name, Tensor Value)> tensors,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new JsonObject();
        var meta = new JsonObject();
        foreach (var (key, value) in metadata ?? new Dictionary<string, string> { ["format"] = "pt" })
            meta[key] = value;
        header["__metadata__"] = meta;
        long offset = 0;
        foreach (var (name, value) in tensors)
        {
            if (!Dtypes.TryGetValue(value.dtype, out var dtype))
                throw new ArgumentException($"Tensor {name} is {value.dtype}; fp32, fp16 and bf16 are written.");
            long bytes = value.numel() * dtype.Size;
            header[name] = new JsonObject
            {
                ["dtype"] = dtype.Name,
                ["shape"] = new JsonArray([.. value.shape.Select(d => (JsonNode)d)]),
                ["data_offsets"] = new JsonArray(offset, offset + bytes),
            };
            offset += bytes;
        }
        WriteFile(path, header, tensors);
    }

    private static void WriteFile(string path, JsonObject header, IReadOnlyList<(string, Tensor)> tensors)
    {
        byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padded = (json.Length + 7) / 8 * 8;
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(length, padded);
        stream.Write(length);
        stream.Write(json);
        for (int i = json.Length; i < padded; i++)
            stream.WriteByte((byte)' ');
        foreach (var (_, value) in tensors)
        {
            using var cpu = value.detach().cpu().contiguous();
            if (cpu.numel() > 0)
                stream.Write(cpu.bytes);
        }
        stream.Flush(flushToDisk: true);
    }
}
