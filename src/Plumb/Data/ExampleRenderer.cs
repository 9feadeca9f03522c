using Plumb.Templating;

namespace Plumb.Data;

/// <summary>
/// Renders examples to text. Plain text passes through unchanged. A conversation's prompt is rendered with the
/// generation prompt, and each completion is what follows that prompt in the rendering of prompt + completion.
/// </summary>
public sealed class ExampleRenderer(IChatTemplate? template)
{
    /// <summary>Completions whose full rendering did not start with the rendered prompt.</summary>
    public long PrefixMismatches { get; private set; }

    /// <summary>The first example with a prefix mismatch, to look at with <c>plumb data inspect</c>.</summary>
    public string? FirstMismatchId { get; private set; }

    /// <summary>Renders one example; throws when it is a conversation and no template was given.</summary>
    public RenderedExample Render(PreferenceExample example)
    {
        if (!example.IsConversation)
        {
            var texts = example.Completions.Select(c => c.Text!).ToList();
            return new RenderedExample(example.Id, example.Prompt.Text!, texts, example.Label, false);
        }
        if (template is null)
            throw new PlumbException($"{example.Id}: conversational data needs a chat template; pass --model with " +
                "a tokenizer_config.json that has a chat_template.");

        var prompt = example.Prompt.AsMessages("user");
        string promptText = template.Render(prompt, addGenerationPrompt: true);
        var completions = example.Completions
            .Select(c => Completion(example.Id, prompt, promptText, c.AsMessages("assistant")))
            .ToList();
        return new RenderedExample(example.Id, promptText, completions, example.Label, true);
    }

    // When the template renders the prompt differently inside the full conversation (a default system prompt,
    // a stripped reasoning block), the completion starts where the two renderings part, as TRL's token suffix
    // does, and the mismatch is counted so that the caller can warn.
    private string Completion(
        string id, IReadOnlyList<ChatMessage> prompt, string promptText, IReadOnlyList<ChatMessage> completion)
    {
        string full = template!.Render([.. prompt, .. completion], addGenerationPrompt: false);
        if (full.StartsWith(promptText, StringComparison.Ordinal))
            return full[promptText.Length..];
        PrefixMismatches++;
        FirstMismatchId ??= id;
        return full[promptText.AsSpan().CommonPrefixLength(full)..];
    }
}
