using System.Globalization;
namespace Plumb.Diagnostics;

/// <summary>
/// Warns when top-k entropy and top-k mass both fall steadily, the turning point Shi et al. 2024
/// (arXiv 2410.11677) link to over-optimisation.
/// </summary>
/// <remarks>
/// "Steadily" means: over the last <see cref="OverOptimisationMonitorOptions.Window"/> observations each value
/// is strictly lower than the one before, for both series. A single uptick in either series resets it.
/// </remarks>
public sealed class OverOptimisationMonitor
{
    private readonly OverOptimisationMonitorOptions _options;
    private readonly List<(int Step, TopKStatistics Stats)> _history = [];

    public OverOptimisationMonitor(OverOptimisationMonitorOptions? options = null)
    {
        _options = options ?? new OverOptimisationMonitorOptions();
        _options.Validate();
    }

    /// <summary>Every observation so far, in order.</summary>
    public IReadOnlyList<(int Step, TopKStatistics Stats)> History => _history;

    /// <summary>Records one logging step; returns a plain-words warning when both measures fall steadily.</summary>
    public string? Observe(int step, TopKStatistics stats)
    {
        _history.Add((step, stats));
        int w = _options.Window;
        if (_history.Count < w)
            return null;
        var recent = _history.GetRange(_history.Count - w, w);
        if (!Falling(recent.Select(h => h.Stats.EntropyBits)) || !Falling(recent.Select(h => h.Stats.Mass)))
            return null;

        var first = recent[0];
        return string.Create(CultureInfo.InvariantCulture,
            $"Possible over-optimisation at step {step}: top-k entropy fell from "
            + $"{first.Stats.EntropyBits:F3} to {stats.EntropyBits:F3} bits and top-k mass from "
            + $"{first.Stats.Mass:F3} to {stats.Mass:F3} over the last {w} logging steps (since step "
            + $"{first.Step}). Shi et al. find win rates peak near this turning point; consider an earlier "
            + $"checkpoint, a larger beta or a lower learning rate.");
    }

    private static bool Falling(IEnumerable<double> values)
    {
        double previous = double.PositiveInfinity;
        foreach (double v in values)
        {
            if (!(v < previous))
                return false;
            previous = v;
        }
        return true;
    }
}
