namespace Plumb.Templating;

/// <summary>The outcome of <see cref="TemplatePrefixCheck.Check"/>.</summary>
/// <param name="Prompt">The prompt rendered with the generation prompt.</param>
/// <param name="Full">The prompt and completion rendered together, without a generation prompt.</param>
/// <param name="Completion">The text after <paramref name="Prompt"/> in <paramref name="Full"/>; null when
/// the prompt is not a prefix.</param>
/// <param name="Warning">Why the prompt is not a prefix, with the first differing position; null when it is.</param>
public sealed record PrefixCheckResult(string Prompt, string Full, string? Completion, string? Warning)
{
    /// <summary>True when the rendered prompt is a prefix of the full rendering.</summary>
    public bool IsPrefix => Completion != null;
}
