using Plumb.Templating;
using static Plumb.Tests.Templating.Jinja;

namespace Plumb.Tests.Templating;

public sealed class JinjaErrorTests
{
    [Fact]
    public void Should_NameLineAndColumn_When_AnEndTagIsMissing()
    {
        var e = Assert.Throws<TemplateException>(() => JinjaTemplate.Parse("a\n{% if x %}\nb"));
        Assert.Contains("endif", e.Message);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void Should_NameLineAndColumn_When_AnExpressionIsMalformed()
    {
        // Given a stray operator on line 2 at column 8, Then the error points there.
        var e = Assert.Throws<TemplateException>(() => JinjaTemplate.Parse("ok\n{{ 1 + * 2 }}"));
        Assert.Equal((2, 8), (e.Line, e.Column));
        Assert.Contains("line 2, column 8", e.Message);
        Assert.Contains("expected an expression but found '*'", e.Message);
    }

    [Theory]
    [InlineData("{{ 'open }}", "never closed")]
    [InlineData("{{ x ", "never closed with '}}'")]
    [InlineData("{# note", "never closed with '#}'")]
    [InlineData("{% include 'x' %}", "unknown statement 'include'")]
    [InlineData("{% for x in xs %}", "endfor")]
    [InlineData("{{ f(a=1, 2) }}", "positional argument follows a keyword argument")]
    [InlineData("{% if false %}{{ x | frobnicate }}{% endif %}", "no filter named 'frobnicate'")]
    [InlineData("{% if false %}{{ x is frobnicated }}{% endif %}", "no test named 'frobnicated'")]
    public void Should_ExplainTheProblem_When_ParsingFails(string template, string fragment)
    {
        var e = Assert.Throws<TemplateException>(() => JinjaTemplate.Parse(template));
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void Should_ThrowTheTemplatesMessage_When_RaiseExceptionIsCalled()
    {
        var e = Assert.Throws<TemplateException>(() =>
            Render("line1\n{{ raise_exception('Roles must alternate') }}"));
        Assert.True(e.RaisedByTemplate);
        Assert.Equal(2, e.Line);
        Assert.EndsWith("Roles must alternate", e.Message);
        Assert.IsAssignableFrom<PlumbException>(e);
    }

    [Theory]
    [InlineData("{{ 1 + 'a' }}", "unsupported operand types for +: 'int' and 'str'")]
    [InlineData("{{ 1 // 0 }}", "division or modulo by zero")]
    [InlineData("{{ nothing() }}", "'nothing' is undefined and cannot be called")]
    [InlineData("{% set x = 1 %}{% set x.y = 2 %}", "only namespace() objects accept attribute assignment")]
    [InlineData("{{ 'a' < 1 }}", "cannot compare str with int")]
    public void Should_LocateRuntimeErrors_When_AnOperationFails(string template, string fragment)
    {
        var e = Assert.Throws<TemplateException>(() => Render(template));
        Assert.Contains(fragment, e.Message);
        Assert.Contains("line 1", e.Message);
    }

    [Fact]
    public void Should_StopARunawayLoop_When_TheStepLimitIsReached()
    {
        // Given nested loops of 1000 x 1000 iterations and a limit of 10,000 steps, Then rendering stops.
        var options = new TemplateOptions { MaxSteps = 10_000 };
        var template = JinjaTemplate.Parse(
            "{% for i in range(1000) %}{% for j in range(1000) %}.{% endfor %}{% endfor %}", options);
        var e = Assert.Throws<TemplateException>(() => template.Render(new Dictionary<string, object?>()));
        Assert.Contains("more than 10000 steps", e.Message);
    }

    [Fact]
    public void Should_StopRunawayRecursion_When_AMacroCallsItself()
    {
        var e = Assert.Throws<TemplateException>(() => Render("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}"));
        Assert.Contains("nested deeper than 64", e.Message);
    }

    [Fact]
    public void Should_RefuseHugeStrings_When_RepetitionWouldExhaustMemory()
    {
        var e = Assert.Throws<TemplateException>(() => Render("{{ 'x' * 1000000000 }}"));
        Assert.Contains("exceed", e.Message);
    }

    [Fact]
    public void Should_ExposeNoDotNetMembers_When_TemplatesProbeObjects()
    {
        // Given probes for .NET and Python internals, Then each is undefined and renders empty.
        var text = Render("[{{ s.Length }}{{ s.GetType }}{{ s.__class__ }}{{ m.__class__ }}{{ range.Method }}]",
            ("s", "abc"), ("m", new Dictionary<string, object?>()));
        Assert.Equal("[]", text);
    }

    [Fact]
    public void Should_RefuseForeignObjects_When_PassedAsVariables()
    {
        var e = Assert.Throws<PlumbException>(() => Render("{{ x }}", ("x", new Random())));
        Assert.Contains("'x' has type Random", e.Message);
    }

    [Fact]
    public void Should_RejectInvalidOptions_When_Parsing()
    {
        var e = Assert.Throws<PlumbException>(() => JinjaTemplate.Parse("x", new TemplateOptions { MaxSteps = 0 }));
        Assert.Equal("TemplateOptions.MaxSteps must be positive, got 0.", e.Message);
    }
}
