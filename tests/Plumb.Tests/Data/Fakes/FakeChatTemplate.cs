using Plumb.Templating;

namespace Plumb.Tests.Data.Fakes;

/// <summary>
/// A ChatML-like template: <c>[bos]&lt;|role|&gt;content&lt;/s&gt;</c> per message and
/// <c>&lt;|assistant|&gt;</c> as the generation prompt. With <paramref name="systemOnlyWithReply"/> it adds a
/// system turn only when the conversation ends with an assistant reply, the kind of template that breaks the
/// prompt-prefix property.
/// </summary>
internal sealed class FakeChatTemplate(bool writeBos = false, bool systemOnlyWithReply = false) : IChatTemplate
{
    public int Calls { get; private set; }

    public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        Calls++;
        string text = writeBos ? "<s>" : "";
        if (systemOnlyWithReply && messages[^1].Role == "assistant")
            text += "<|system|>be nice</s>";
        foreach (var m in messages)
            text += $"<|{m.Role}|>{m.Content}</s>";
        return addGenerationPrompt ? text + "<|assistant|>" : text;
    }
}
