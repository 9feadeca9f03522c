namespace Plumb.Data;

/// <summary>How preference data is read, rendered, tokenized and split.</summary>
public sealed record DataOptions
{
    /// <summary>Record shape. <value>The default value is <see cref="DataShape.Auto"/>.</value></summary>
    public DataShape Shape { get; init; } = DataShape.Auto;

    /// <summary>Source column names. <value>The default value is <see cref="ColumnMap.Default"/>.</value></summary>
    public ColumnMap Columns { get; init; } = ColumnMap.Default;

    /// <summary>Message role mapping. <value>The default value is <see cref="RoleMap.Default"/>.</value></summary>
    public RoleMap Roles { get; init; } = RoleMap.Default;

    /// <summary>Most tokens in prompt plus completion. <value>The default value is 1024, as TRL.</value></summary>
    public int MaxLength { get; init; } = 1024;

    /// <summary>
    /// Most prompt tokens, or null for no separate limit. <value>The default value is 512, as TRL's legacy
    /// <c>max_prompt_length</c>.</value>
    /// </summary>
    public int? MaxPromptLength { get; init; } = 512;

    /// <summary>Which end of a long prompt survives. <value>The default value is KeepEnd.</value></summary>
    public TruncationMode Truncation { get; init; } = TruncationMode.KeepEnd;

    /// <summary>Count and skip invalid records, not stop. <value>The default value is false.</value></summary>
    public bool SkipInvalid { get; init; }

    /// <summary>Seed of the shuffle and split. <value>The default value is 42.</value></summary>
    public int Seed { get; init; } = 42;

    /// <summary>Examples held out for evaluation. <value>The default value is none.</value></summary>
    public EvalSplit EvalSplit { get; init; } = EvalSplit.None;

    /// <summary>
    /// Chat template to render conversations with, resolved by the caller; null means the model's own.
    /// <value>The default value is null.</value>
    /// </summary>
    public string? TemplateName { get; init; }

    /// <summary>Throws a <see cref="PlumbException"/> saying what to change when an option is out of range.</summary>
    public DataOptions Validate()
    {
        if (MaxLength < 2)
            throw new PlumbException($"max_length is {MaxLength}; it must be at least 2 (one prompt and one " +
                "completion token). TRL's default is 1024.");
        if (MaxPromptLength is { } p && (p < 1 || p >= MaxLength))
            throw new PlumbException($"max_prompt_length is {p}; it must be between 1 and max_length - 1 " +
                $"({MaxLength - 1}) to leave room for the completion, or unset.");
        if (EvalSplit.Count is < 0)
            throw new PlumbException($"eval split count is {EvalSplit.Count}; use a count of 0 or more.");
        if (EvalSplit.Fraction is { } f && f is <= 0 or >= 1)
            throw new PlumbException($"eval split fraction is {f}; use a fraction strictly between 0 and 1.");
        return this;
    }
}
