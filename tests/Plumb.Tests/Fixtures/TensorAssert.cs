using static TorchSharp.torch;

namespace Plumb.Tests.Fixtures;

/// <summary>Exact tensor comparisons for tests.</summary>
public static class TensorAssert
{
    /// <summary>True when the shapes match and every element is equal.</summary>
    public static bool SameValues(Tensor a, Tensor b) =>
        a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
}
