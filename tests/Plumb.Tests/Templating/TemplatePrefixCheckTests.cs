using Plumb.Templating;
using static Plumb.Tests.Templating.Jinja;

namespace Plumb.Tests.Templating;

public sealed class TemplatePrefixCheckTests
{
    [Fact]
    public void Should_ReturnTheCompletionText_When_ThePromptIsAPrefix()
    {
        // Given ChatML, When the prompt ends with the assistant header, Then the completion is the rest.
        var result = TemplatePrefixCheck.Check(new JinjaChatTemplate(BuiltInTemplates.ChatML),
            [User("2+2?")], [Assistant("4")]);
        Assert.True(result.IsPrefix);
        Assert.Null(result.Warning);
        Assert.Equal("<|im_start|>user\n2+2?<|im_end|>\n<|im_start|>assistant\n", result.Prompt);
        Assert.Equal("4<|im_end|>\n", result.Completion);
    }

    [Fact]
    public void Should_WarnWithThePosition_When_ThePromptIsNotAPrefix()
    {
        // "<user>q<assistant>" is 6 + 1 + 11 = 18 characters, so the texts part at index 18.
        // Given a template that drops reasoning from earlier assistant turns only when a later turn follows,
        // like Qwen3's, and a prompt whose last turn is an assistant turn with reasoning.
        const string template =
            "{% for m in messages %}{% set c = m.content %}"
            + "{% if m.role == 'assistant' and not loop.last %}{% set c = c.split('</think>')[-1] %}{% endif %}"
            + "<{{ m.role }}>{{ c }}{% endfor %}{% if add_generation_prompt %}<assistant>{% endif %}";
        var chat = new JinjaChatTemplate(template);

        var result = TemplatePrefixCheck.Check(chat, [User("q"), Assistant("<think>r</think>a")], [User("q2")]);

        Assert.False(result.IsPrefix);
        Assert.Null(result.Completion);
        Assert.Equal("<user>q<assistant><think>r</think>a<assistant>", result.Prompt);
        Assert.Equal("<user>q<assistant>a<user>q2", result.Full);
        Assert.Contains("differ at character 18", result.Warning);
        Assert.Contains("the prompt has \"<think>r</think>a<assist...\" and the full text has \"a<user>q2\"",
            result.Warning);
    }

    [Fact]
    public void Should_KeepTheReasoningInTheCompletion_When_Qwen3RendersAMultiTurnPrompt()
    {
        // Given Qwen3, which strips <think> from assistant turns before the last user query,
        // When the completion answers the last query, Then the earlier reasoning is gone from both
        // renderings (so the prompt stays a prefix) and the completion keeps its own reasoning.
        var chat = new JinjaChatTemplate(FamilyTemplates.Qwen3);
        var result = TemplatePrefixCheck.Check(chat,
            [User("Q1"), Assistant("<think>\nr1\n</think>\n\nA1"), User("Q2")],
            [Assistant("<think>\nr2\n</think>\n\nA2")]);
        Assert.True(result.IsPrefix, result.Warning);
        Assert.Equal("<|im_start|>user\nQ1<|im_end|>\n<|im_start|>assistant\nA1<|im_end|>\n"
            + "<|im_start|>user\nQ2<|im_end|>\n<|im_start|>assistant\n", result.Prompt);
        Assert.Equal("<think>\nr2\n</think>\n\nA2<|im_end|>\n", result.Completion);
    }
}
