using System.Diagnostics;
using static TorchSharp.torch;

namespace Plumb.Performance;

/// <summary>The device's dense fp32 matmul rate on the shapes a model's step is made of.</summary>
public static class MatmulCeiling
{
    /// <summary>Times [m, k] x [k, n] for about <paramref name="seconds"/> and returns GFLOP/s (2 m k n per
    /// product).</summary>
    public static double Measure(long m, long k, long n, double seconds, Device? device = null)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var a = randn(m, k, device: device);
        var b = randn(k, n, device: device);
        // A few untimed products first: thread-pool start-up and page faults are not the device's rate.
        for (int i = 0; i < 3; i++)
        {
            using (NewDisposeScope())
                a.mm(b);
        }
        var clock = Stopwatch.StartNew();
        int reps = 0;
        while (clock.Elapsed.TotalSeconds < seconds || reps < 2)
        {
            using (NewDisposeScope())
                a.mm(b);
            reps++;
        }
        return 2.0 * m * k * n * reps / clock.Elapsed.TotalSeconds / 1e9;
    }
}
