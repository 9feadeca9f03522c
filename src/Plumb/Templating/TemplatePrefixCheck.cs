namespace Plumb.Templating;

/// <summary>
/// Checks that a template renders a prompt as a prefix of prompt plus completion, so the completion text
/// (the tokens a loss is computed on) is exactly the remainder.
/// </summary>
public static class TemplatePrefixCheck
{
    private const int ContextChars = 24;

    /// <summary>Renders both conversations and splits off the completion, or explains why it cannot.</summary>
    public static PrefixCheckResult Check(IChatTemplate template, IReadOnlyList<ChatMessage> prompt,
        IReadOnlyList<ChatMessage> completion)
    {
        ArgumentNullException.ThrowIfNull(template);
        var promptText = template.Render(prompt, addGenerationPrompt: true);
        var fullText = template.Render([.. prompt, .. completion], addGenerationPrompt: false);
        if (fullText.StartsWith(promptText, StringComparison.Ordinal))
            return new PrefixCheckResult(promptText, fullText, fullText[promptText.Length..], null);
        return new PrefixCheckResult(promptText, fullText, null, Describe(promptText, fullText));
    }

    private static string Describe(string prompt, string full)
    {
        var at = 0;
        while (at < prompt.Length && at < full.Length && prompt[at] == full[at]) at++;
        var promptPart = Excerpt(prompt, at);
        var fullPart = at < full.Length ? Excerpt(full, at) : "(end of text)";
        return $"The rendered prompt is not a prefix of the rendered prompt + completion: they differ at "
            + $"character {at}, where the prompt has {promptPart} and the full text has {fullPart}. "
            + "The template renders earlier turns differently once a completion follows (for example it drops "
            + "reasoning or moves the generation header); tokenize prompt and completion separately or fix the "
            + "template.";
    }

    private static string Excerpt(string text, int at)
    {
        var end = Math.Min(text.Length, at + ContextChars);
        var excerpt = text[at..end].Replace("\n", "\\n");
        return $"\"{excerpt}{(end < text.Length ? "..." : "")}\"";
    }
}
