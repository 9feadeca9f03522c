using Plumb.Templating;

namespace Plumb.Tests.Templating;

/// <summary>Short helpers for rendering a template string in a test.</summary>
internal static class Jinja
{
    public static string Render(string template, params (string Name, object? Value)[] variables)
    {
        var dict = variables.ToDictionary(v => v.Name, v => v.Value);
        return JinjaTemplate.Parse(template).Render(dict);
    }

    public static ChatMessage SystemTurn(string content) => new("system", content);

    public static ChatMessage User(string content) => new("user", content);

    public static ChatMessage Assistant(string content) => new("assistant", content);
}
