namespace Plumb.Diagnostics;

/// <summary>When an <see cref="OverOptimisationMonitor"/> warns.</summary>
public sealed record OverOptimisationMonitorOptions
{
    /// <summary>How many of the latest logging steps must each be strictly lower than the one before.</summary>
    /// <value>The default value is 4 (three consecutive decreases).</value>
    public int Window { get; init; } = 4;

    /// <summary>Throws a <see cref="PlumbException"/> when an option is out of range.</summary>
    public void Validate()
    {
        if (Window < 2)
            throw new PlumbException($"over-optimisation window {Window} must be at least 2 logging steps.");
    }
}
