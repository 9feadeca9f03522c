using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Training;

/// <summary>
/// Sums metric tensors on the device across micro-batches and steps, and reads them to the host only when asked,
/// so that logging costs one synchronisation per interval instead of one per micro-batch.
/// </summary>
internal sealed class MetricsAccumulator : IDisposable
{
    private readonly Dictionary<string, (Tensor Sum, long Count)> _sums = new(StringComparer.Ordinal);

    /// <summary>Adds per-example values [b], or a scalar that is the mean of <paramref name="batchSize"/>.</summary>
    public void Add(string key, Tensor value, int batchSize)
    {
        using var _ = torch.no_grad();
        var values = value.detach();
        long n = values.numel();
        if (!_sums.TryGetValue(key, out var entry))
        {
            entry = (torch.zeros(1, ScalarType.Float64, values.device).DetachFromDisposeScope(), 0);
        }
        // A scalar is a micro-batch mean: weight it by the examples it stands for.
        long weight = n == 1 ? batchSize : n;
        using var total = n == 1 ? values.to(ScalarType.Float64) * batchSize : values.to(ScalarType.Float64).sum();
        entry.Sum.add_(total.reshape(1));
        _sums[key] = (entry.Sum, entry.Count + weight);
    }

    /// <summary>True when nothing was added since the last <see cref="TakeMeans"/>.</summary>
    public bool IsEmpty => _sums.Values.All(e => e.Count == 0);

    /// <summary>Reads every mean (one host sync per key) and resets the sums to zero in place.</summary>
    public Dictionary<string, double> TakeMeans()
    {
        // zero_ hands back a second wrapper of the sum; this scope frees the wrappers, not the detached sums.
        using var scope = torch.NewDisposeScope();
        var means = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, (sum, count)) in _sums.ToList())
        {
            if (count == 0)
                continue;
            means[key] = sum.item<double>() / count;
            sum.zero_();
            _sums[key] = (sum, 0);
        }
        return means;
    }

    /// <summary>The running sums and counts as plain numbers, for a checkpoint (one host sync per key).</summary>
    public Dictionary<string, RunningSum> Export() =>
        _sums.Where(e => e.Value.Count > 0)
            .ToDictionary(e => e.Key, e => new RunningSum(e.Value.Sum.item<double>(), e.Value.Count));

    /// <summary>Restores what <see cref="Export"/> returned, so a resumed interval averages the same.</summary>
    public void Import(IReadOnlyDictionary<string, RunningSum> sums, Device device)
    {
        Dispose();
        foreach (var (key, running) in sums)
        {
            var sum = torch.full(1, running.Sum, ScalarType.Float64, device).DetachFromDisposeScope();
            _sums[key] = (sum, running.Count);
        }
    }

    public void Dispose()
    {
        foreach (var (sum, _) in _sums.Values)
            sum.Dispose();
        _sums.Clear();
    }
}

/// <summary>A metric's sum and the number of examples it covers.</summary>
internal sealed record RunningSum(double Sum, long Count);
