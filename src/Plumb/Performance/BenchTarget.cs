namespace Plumb.Performance;

/// <summary>A measured ratio beside the target it is held to; reported, never asserted.</summary>
/// <param name="Name">What is compared, in words.</param>
/// <param name="Measured">The measured value.</param>
/// <param name="Target">The target value.</param>
/// <param name="AtLeast">True when the measurement should be at least the target, false when at most.</param>
public sealed record BenchTarget(string Name, double Measured, double Target, bool AtLeast)
{
    /// <summary>Whether the measurement meets the target.</summary>
    public bool Met => AtLeast ? Measured >= Target : Measured <= Target;

    /// <summary>The targets of issue #6, for one shape of a report; those whose cases did not run are left out.
    /// </summary>
    public static IReadOnlyList<BenchTarget> For(BenchReport report, string shape)
    {
        var rows = report.Results.Where(r => r.Shape == shape).ToDictionary(r => r.Case);
        var targets = new List<BenchTarget>();
        rows.TryGetValue(BenchCases.DpoLive, out var live);
        if (live is not null)
            targets.Add(new($"{shape}: DPO live-reference MFU", live.Mfu, 0.5, AtLeast: true));
        if (live is not null && rows.TryGetValue(BenchCases.DpoPrecomputed, out var pre))
            targets.Add(new($"{shape}: precomputed-reference speed-up over live", live.MsPerStep / pre.MsPerStep,
                1.3, AtLeast: true));
        foreach (string name in new[] { BenchCases.DpoLora, BenchCases.DpoLoraCheckpointed })
            if (live is not null && rows.TryGetValue(name, out var lora))
                targets.Add(new($"{shape}: {name} peak memory / full DPO peak (added RSS)",
                    (double)lora.PeakDeltaBytes / live.PeakDeltaBytes, 0.5, AtLeast: false));
        if (live?.EstimateBytes is { } estimate)
            targets.Add(new($"{shape}: full DPO peak (added RSS) / analytic estimate",
                (double)live.PeakDeltaBytes / estimate, 1.5, AtLeast: false));
        return targets;
    }
}
