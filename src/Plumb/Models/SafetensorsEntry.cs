namespace Plumb.Models;

/// <summary>One tensor listed in a safetensors header: where its bytes are and how to read them.</summary>
/// <param name="Name">The tensor's name in the checkpoint.</param>
/// <param name="Dtype">The safetensors dtype: F32, F16, BF16, ...</param>
/// <param name="Shape">The tensor's shape as stored.</param>
/// <param name="Begin">Offset of the first byte, counted from the end of the header.</param>
/// <param name="End">Offset one past the last byte, counted from the end of the header.</param>
/// <param name="File">The file that holds it.</param>
public sealed record SafetensorsEntry(string Name, string Dtype, long[] Shape, long Begin, long End, string File)
{
    /// <summary>Number of elements, the product of the shape.</summary>
    public long Count => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>The shape written as [a, b], the way errors show it.</summary>
    public string ShapeText => $"[{string.Join(", ", Shape)}]";
}
