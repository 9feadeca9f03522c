using System.Diagnostics;
using Plumb.Templating;
using Xunit.Abstractions;
using static Plumb.Tests.Templating.Jinja;

namespace Plumb.Tests.Templating;

/// <summary>Rendering must stay cheap next to tokenization: a data set renders every row twice.</summary>
public sealed class JinjaRenderSpeedTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(nameof(FamilyTemplates.Qwen25))]
    [InlineData(nameof(FamilyTemplates.Llama31))]
    [InlineData(nameof(FamilyTemplates.Zephyr))]
    public void Should_RenderFarFasterThanAnInterpreterInAnInterpreter_When_TheTemplateIsParsedOnce(string family)
    {
        // Given a six-turn conversation and a template parsed once.
        var source = (string)typeof(FamilyTemplates).GetField(family)!.GetValue(null)!;
        var template = new JinjaChatTemplate(source, "<s>", "</s>");
        ChatMessage[] chat =
        [
            SystemTurn("You are a helpful assistant."), User("What is the capital of France?"),
            Assistant("Paris."), User("And of Italy?"), Assistant("Rome."), User("Thanks!"),
        ];
        for (var i = 0; i < 200; i++) template.Render(chat, addGenerationPrompt: true);

        // When it renders 2,000 times.
        const int renders = 2000;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < renders; i++) template.Render(chat, addGenerationPrompt: true);
        var micros = watch.Elapsed.TotalMicroseconds / renders;
        output.WriteLine($"{family}: {micros:F1} us per render");

        // Then each render takes far less than the 13 ms a JavaScript interpreter needed (bound kept loose
        // for a shared CI machine).
        Assert.InRange(micros, 0, 5000);
    }
}
