using System.Text.Json;
using Plumb.Templating;

namespace Plumb.Tests.Templating.Oracle;

/// <summary>
/// The engine against real jinja2 3.1 (configured as transformers configures it) on the recorded corpus:
/// every family template with several conversations, plus whitespace and language snippets.
/// </summary>
public sealed class Jinja2OracleTests
{
    public static TheoryData<string> CaseNames() => [.. Jinja2Corpus.Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Should_RenderAsJinja2Does_When_RenderingTheCorpus(string name)
    {
        // Given the recorded case, When rendered here, Then the text matches jinja2's character for character,
        // or, where jinja2 raised, this engine raises too.
        var oracle = Jinja2Corpus.Cases.Single(c => c.Name == name);
        using var json = JsonDocument.Parse(oracle.VariablesJson);
        var variables = json.RootElement.EnumerateObject()
            .ToDictionary(p => p.Name, p => (object?)p.Value);

        string Render() => JinjaTemplate.Parse(oracle.Template).Render(variables);

        if (oracle.Error is null) Assert.Equal(oracle.Expected, Render());
        // A deliberate difference: reading an attribute of an undefined value (messages[0].role with no
        // messages) is undefined here, where jinja2's default Undefined raises.
        else if (oracle.Error.StartsWith("UndefinedError", StringComparison.Ordinal)
            && oracle.Error.Contains(" has no ", StringComparison.Ordinal)) Render();
        else Assert.Throws<TemplateException>(Render);
    }
}
