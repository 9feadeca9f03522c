namespace Plumb.Data;

/// <summary>
/// One validated example before templating: a prompt and its completions, [chosen, rejected] for paired data or
/// [completion] with a <see cref="Label"/> for unpaired data.
/// </summary>
public sealed record PreferenceExample(string Id, Content Prompt, IReadOnlyList<Content> Completions, bool? Label)
{
    /// <summary>Whether any part is a list of messages.</summary>
    public bool IsConversation => Prompt.IsConversation || Completions.Any(c => c.IsConversation);
}
