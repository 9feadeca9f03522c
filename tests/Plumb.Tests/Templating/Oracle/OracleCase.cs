namespace Plumb.Tests.Templating.Oracle;

/// <summary>One template rendering recorded from jinja2: its output, or the error jinja2 raised.</summary>
internal sealed record OracleCase(string Name, string Template, string VariablesJson, string? Expected,
    string? Error);
