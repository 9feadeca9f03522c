using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Plumb.Models;

/// <summary>
/// Dropout masks that can be drawn again: inside a frame, the k-th masked call uses a generator seeded with
/// base seed + k, so a recomputation that opens the frame again at the same position draws the same masks.
/// </summary>
/// <remarks>
/// Activation checkpointing needs this: the backward pass re-runs a block, and its dropout must zero the same
/// units as the forward did or the gradients belong to another mask. Saving torch's generator state would not
/// do, because TorchSharp exposes no CUDA generator state; seeding a fresh generator works on every device.
/// Outside a frame, dropout is torch's own.
/// </remarks>
internal static class DropoutReplay
{
    [ThreadStatic]
    private static Frame? current;

    /// <summary>The open frame on this thread, if any.</summary>
    public static Frame? Current => current;

    /// <summary>Opens a frame whose masks follow from <paramref name="baseSeed"/> (drawn from torch's default
    /// generator at the first masked call when null), counting calls from <paramref name="start"/>.</summary>
    public static Scope Open(long? baseSeed, long start = 0)
    {
        var frame = new Frame { BaseSeed = baseSeed, Calls = start };
        var scope = new Scope(frame, current);
        current = frame;
        return scope;
    }

    /// <summary>Inverted dropout of <paramref name="x"/> with probability <paramref name="p"/>, replayable in a
    /// frame; torch's dropout outside one or when the module is not training.</summary>
    public static Tensor Apply(Dropout module, double p, Tensor x)
    {
        var frame = current;
        if (frame is null || !module.training || p <= 0)
            return module.forward(x);
        frame.BaseSeed ??= randint(0, int.MaxValue, [1], dtype: ScalarType.Int64).item<long>();
        long seed = unchecked(frame.BaseSeed.Value + frame.Calls++);
        using var generator = new Generator(unchecked((ulong)seed), x.device);
        using var scope = NewDisposeScope();
        var keep = rand(x.shape, dtype: ScalarType.Float32, device: x.device, generator: generator).ge_(p);
        MaskDrawn?.Invoke(keep);
        return x.mul(keep.to_type(x.dtype)).div_(1 - p).MoveToOuterDisposeScope();
    }

    /// <summary>Tests observe each mask drawn in a frame through this.</summary>
    internal static Action<Tensor>? MaskDrawn { get; set; }

    /// <summary>Where a frame's masks come from: a base seed and how many masked calls it has made.</summary>
    public sealed class Frame
    {
        public long? BaseSeed { get; set; }
        public long Calls { get; set; }
    }

    /// <summary>Closes a frame and reopens the one it replaced.</summary>
    public sealed class Scope(Frame frame, Frame? outer) : IDisposable
    {
        public Frame Frame { get; } = frame;

        public void Dispose() => current = outer;
    }
}
