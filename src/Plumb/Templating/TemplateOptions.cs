namespace Plumb.Templating;

/// <summary>Limits that keep a template from running away, and the clock <c>strftime_now</c> reads.</summary>
public sealed record TemplateOptions
{
    /// <summary>Statements and loop iterations one render may execute.</summary>
    /// <value>The default value is 1,000,000.</value>
    public int MaxSteps { get; init; } = 1_000_000;

    /// <summary>Characters one render may produce.</summary>
    /// <value>The default value is 16,000,000.</value>
    public int MaxOutputLength { get; init; } = 16_000_000;

    /// <summary>How deeply macros may call each other.</summary>
    /// <value>The default value is 64.</value>
    public int MaxCallDepth { get; init; } = 64;

    /// <summary>The clock behind <c>strftime_now</c>, which Llama 3.x templates use for today's date.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The defaults.</summary>
    public static TemplateOptions Default { get; } = new();

    internal void Validate()
    {
        if (MaxSteps <= 0) throw new PlumbException($"TemplateOptions.MaxSteps must be positive, got {MaxSteps}.");
        if (MaxOutputLength <= 0)
            throw new PlumbException($"TemplateOptions.MaxOutputLength must be positive, got {MaxOutputLength}.");
        if (MaxCallDepth <= 0)
            throw new PlumbException($"TemplateOptions.MaxCallDepth must be positive, got {MaxCallDepth}.");
    }
}
