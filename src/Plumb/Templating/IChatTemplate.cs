namespace Plumb.Templating;

/// <summary>Renders a conversation to the exact text a chat model was trained on.</summary>
public interface IChatTemplate
{
    /// <summary>
    /// Renders <paramref name="messages"/>; with <paramref name="addGenerationPrompt"/> the text ends with the
    /// header that opens the assistant's next turn.
    /// </summary>
    string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt);
}

/// <summary>One turn of a conversation.</summary>
/// <param name="Role">"system", "user" or "assistant" (after any role mapping).</param>
/// <param name="Content">The turn's text.</param>
public sealed record ChatMessage(string Role, string Content);
