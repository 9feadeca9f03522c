namespace Plumb.Diagnostics;

/// <summary>When a <see cref="DisplacementMonitor"/> warns.</summary>
public sealed record DisplacementMonitorOptions
{
    /// <summary>Nats the mean chosen log-prob must fall, and the mean margin grow, before a warning.</summary>
    /// <value>The default value is 0.0: any fall together with any growth.</value>
    public double Tolerance { get; init; }

    /// <summary>How many pairs with the largest CHES the warning names.</summary>
    /// <value>The default value is 3.</value>
    public int SuspectCount { get; init; } = 3;

    /// <summary>Throws a <see cref="PlumbException"/> when an option is out of range.</summary>
    public void Validate()
    {
        if (!(Tolerance >= 0))
            throw new PlumbException($"displacement tolerance {Tolerance} must be at least 0 (nats).");
        if (SuspectCount < 0)
            throw new PlumbException($"displacement suspect count {SuspectCount} must be at least 0.");
    }
}
