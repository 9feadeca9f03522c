using Plumb.Templating;

namespace Plumb.Data;

/// <summary>A prompt or completion: plain text (standard data) or a list of messages (conversational data).</summary>
public sealed record Content
{
    private Content(string? text, IReadOnlyList<ChatMessage>? messages) => (Text, Messages) = (text, messages);

    /// <summary>The text, when the content is standard.</summary>
    public string? Text { get; }

    /// <summary>The messages, when the content is conversational.</summary>
    public IReadOnlyList<ChatMessage>? Messages { get; }

    /// <summary>Whether the content is a list of messages.</summary>
    public bool IsConversation => Messages is not null;

    public static Content FromText(string text) => new(text, null);

    public static Content FromMessages(IReadOnlyList<ChatMessage> messages) => new(null, messages);

    /// <summary>The messages, wrapping plain text as one message of <paramref name="role"/>.</summary>
    public IReadOnlyList<ChatMessage> AsMessages(string role) => Messages ?? [new ChatMessage(role, Text!)];

    /// <summary>Whether two contents hold the same text or the same messages.</summary>
    public bool SameAs(Content other) =>
        Text == other.Text && (Messages ?? []).SequenceEqual(other.Messages ?? []);
}
