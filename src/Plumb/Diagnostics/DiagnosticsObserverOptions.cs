namespace Plumb.Diagnostics;

/// <summary>What a <see cref="DiagnosticsObserver"/> measures and when it warns.</summary>
public sealed record DiagnosticsObserverOptions
{
    /// <summary>The k of top-k entropy and mass (Shi et al. 2024).</summary>
    /// <value>The default value is 10, as the paper.</value>
    public int TopK { get; init; } = TopKDiversity.DefaultK;

    /// <summary>How many tokens whose first-position probability rose most are recorded.</summary>
    /// <value>The default value is 5.</value>
    public int TokenShifts { get; init; } = 5;

    /// <summary>Probe pairs whose chosen response has at most this many tokens feed the token-shift view.</summary>
    /// <value>The default value is 3: single-token answers (Razin et al., Sec. 3) and a closing EOS or two.</value>
    public int ShortResponseTokens { get; init; } = 3;

    /// <summary>Pairs per no-grad forward when scoring the probe set.</summary>
    /// <value>The default value is 8.</value>
    public int BatchSize { get; init; } = 8;

    /// <summary>File name of the per-logging-step rows in the run directory.</summary>
    /// <value>The default value is <c>diagnostics.jsonl</c>.</value>
    public string FileName { get; init; } = "diagnostics.jsonl";

    /// <summary>When likelihood displacement is reported.</summary>
    /// <value>The default value is <see cref="DisplacementMonitorOptions"/>' defaults.</value>
    public DisplacementMonitorOptions Displacement { get; init; } = new();

    /// <summary>When over-optimisation is reported.</summary>
    /// <value>The default value is <see cref="OverOptimisationMonitorOptions"/>' defaults.</value>
    public OverOptimisationMonitorOptions OverOptimisation { get; init; } = new();

    /// <summary>Throws a <see cref="PlumbException"/> that says what to change when an option is out of range.
    /// </summary>
    public void Validate()
    {
        if (TopK < 1)
            throw new PlumbException($"diagnostics top-k {TopK} must be at least 1 (the paper uses 10).");
        if (TokenShifts < 0 || ShortResponseTokens < 0)
            throw new PlumbException("diagnostics token-shift counts must be 0 or more.");
        if (BatchSize < 1)
            throw new PlumbException($"diagnostics batch size {BatchSize} must be at least 1.");
        Displacement.Validate();
        OverOptimisation.Validate();
    }
}
