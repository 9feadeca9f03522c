using Plumb.Templating;
using static Plumb.Tests.Templating.Jinja;

namespace Plumb.Tests.Templating;

public sealed class ChatTemplateLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("plumb-template-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Should_ReadTheTemplateAndTokens_When_TokenizerConfigHasThem()
    {
        // Given a config whose bos_token is an AddedToken object and eos_token a plain string.
        File.WriteAllText(Path.Combine(_dir, "tokenizer_config.json"), """
            {"bos_token": {"content": "<s>", "lstrip": false}, "eos_token": "</s>",
             "chat_template": "{{ bos_token }}{% for m in messages %}{{ m.content + eos_token }}{% endfor %}"}
            """);
        var template = ChatTemplateLoader.Load(_dir);
        Assert.Equal("<s>hi</s>", template.Render([User("hi")], addGenerationPrompt: false));
    }

    [Fact]
    public void Should_PreferChatTemplateJinja_When_BothAreShipped()
    {
        File.WriteAllText(Path.Combine(_dir, "tokenizer_config.json"), """{"chat_template": "config"}""");
        File.WriteAllText(Path.Combine(_dir, "chat_template.jinja"), "file\n");
        Assert.Equal("file", ChatTemplateLoader.Load(_dir).Render([], addGenerationPrompt: false));
    }

    [Fact]
    public void Should_PickANamedTemplate_When_TheConfigListsSeveral()
    {
        File.WriteAllText(Path.Combine(_dir, "tokenizer_config.json"), """
            {"chat_template": [{"name": "default", "template": "D"}, {"name": "tool_use", "template": "T"}]}
            """);
        Assert.Equal("D", ChatTemplateLoader.Load(_dir).Render([], false));
        Assert.Equal("T", ChatTemplateLoader.Load(_dir, "tool_use").Render([], false));
        var e = Assert.Throws<PlumbException>(() => ChatTemplateLoader.Load(_dir, "rag"));
        Assert.Contains("no chat template named 'rag'; it has: default, tool_use.", e.Message);
    }

    [Fact]
    public void Should_SuggestBuiltIns_When_TheModelShipsNoTemplate()
    {
        File.WriteAllText(Path.Combine(_dir, "tokenizer_config.json"), """{"eos_token": "</s>"}""");
        var e = Assert.Throws<PlumbException>(() => ChatTemplateLoader.Load(_dir));
        Assert.Contains("No chat template found", e.Message);
        Assert.Contains("chatml, llama3", e.Message);
    }

    [Fact]
    public void Should_NameTheModelAndPosition_When_TheTemplateDoesNotParse()
    {
        File.WriteAllText(Path.Combine(_dir, "chat_template.jinja"), "ok\n{% if x %}");
        var e = Assert.Throws<PlumbException>(() => ChatTemplateLoader.Load(_dir));
        Assert.Contains(_dir, e.Message);
        Assert.Contains("line 2", e.Message);
    }
}
