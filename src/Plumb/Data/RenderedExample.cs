namespace Plumb.Data;

/// <summary>
/// One example as the model will read it, before tokenization: the prompt text and each completion's text,
/// such that prompt + completion is exactly the rendered conversation.
/// </summary>
/// <param name="Id">File and line or row, e.g. <c>train.jsonl:12</c>.</param>
/// <param name="Prompt">Rendered prompt, ending with the assistant header for conversations.</param>
/// <param name="Completions">[chosen, rejected] for pairs, [completion] for unpaired data.</param>
/// <param name="Label">The unpaired label, null for pairs.</param>
/// <param name="IsConversation">True when a chat template wrote the text; false for plain text, which gets EOS.</param>
public sealed record RenderedExample(
    string Id, string Prompt, IReadOnlyList<string> Completions, bool? Label, bool IsConversation);
