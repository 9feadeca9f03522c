using static Plumb.Tests.Templating.Jinja;

namespace Plumb.Tests.Templating;

public sealed class JinjaStatementTests
{
    private static readonly List<object?> Abc = ["a", "b", "c"];

    [Fact]
    public void Should_ExposeLoopVariables_When_Iterating()
    {
        var text = Render(
            "{% for x in xs %}{{ loop.index }}{{ loop.index0 }}{{ x }}{{ loop.length }}"
            + "{{ 'F' if loop.first }}{{ 'L' if loop.last }}<{{ loop.previtem }}|{{ loop.nextitem }}>{% endfor %}",
            ("xs", Abc));
        Assert.Equal("10a3F<|b>21b3<a|c>32c3L<b|>", text);
    }

    [Fact]
    public void Should_RenderElseAndFilter_When_LoopIsEmptyOrFiltered()
    {
        Assert.Equal("empty", Render("{% for x in [] %}{{ x }}{% else %}empty{% endfor %}"));
        Assert.Equal("b:1/1", Render(
            "{% for x in xs if x == 'b' %}{{ x }}:{{ loop.index }}/{{ loop.length }}{% endfor %}", ("xs", Abc)));
    }

    [Fact]
    public void Should_UnpackPairs_When_IteratingItems()
    {
        var d = new Dictionary<string, object?> { ["k1"] = 1, ["k2"] = 2 };
        Assert.Equal("k1=1;k2=2;", Render("{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}", ("d", d)));
        Assert.Equal("k1=1;k2=2;", Render("{% for k, v in d | items %}{{ k }}={{ v }};{% endfor %}", ("d", d)));
        Assert.Equal("k1k2", Render("{% for k in d %}{{ k }}{% endfor %}", ("d", d)));
    }

    [Fact]
    public void Should_StopOrSkip_When_BreakOrContinue()
    {
        Assert.Equal("ac", Render("{% for x in xs %}{% if x == 'b' %}{% continue %}{% endif %}{{ x }}{% endfor %}",
            ("xs", Abc)));
        Assert.Equal("a", Render("{% for x in xs %}{% if x == 'b' %}{% break %}{% endif %}{{ x }}{% endfor %}",
            ("xs", Abc)));
    }

    [Fact]
    public void Should_ChooseTheFirstTrueBranch_When_IfElifElse()
    {
        const string t = "{% if n == 1 %}one{% elif n == 2 %}two{% else %}many{% endif %}";
        Assert.Equal("one", Render(t, ("n", 1)));
        Assert.Equal("two", Render(t, ("n", 2)));
        Assert.Equal("many", Render(t, ("n", 3)));
    }

    [Fact]
    public void Should_KeepLoopAssignmentsInside_When_SetIsUsedInALoop()
    {
        // Given jinja2 scoping, When a loop body sets a plain variable and a namespace attribute,
        // Then only the namespace change survives the loop.
        var text = Render(
            "{% set count = 0 %}{% set ns = namespace(count=0, seen=false) %}"
            + "{% for x in xs %}{% set count = count + 1 %}{% set ns.count = ns.count + 1 %}{% endfor %}"
            + "{{ count }} {{ ns.count }} {{ ns.seen }}",
            ("xs", Abc));
        Assert.Equal("0 3 False", text);
    }

    [Fact]
    public void Should_CaptureOutput_When_SetBlockAndTupleAssignment()
    {
        Assert.Equal("[ab] 1 2",
            Render("{% set s %}a{{ 'b' }}{% endset %}{% set x, y = 1, 2 %}[{{ s }}] {{ x }} {{ y }}"));
    }

    [Fact]
    public void Should_RenderMacros_When_CalledWithDefaultsAndKeywords()
    {
        var text = Render(
            "{% macro turn(role, text='?') %}<{{ role }}:{{ text }}>{% endmacro %}"
            + "{{ turn('user', 'hi') }}{{ turn('bot') }}{{ turn(text='x', role='sys') }}");
        Assert.Equal("<user:hi><bot:?><sys:x>", text);
    }

    [Fact]
    public void Should_RenderBody_When_GenerationBlockWrapsIt()
    {
        Assert.Equal("A:ok", Render("A:{% generation %}{{ 'ok' }}{% endgeneration %}"));
    }

    [Fact]
    public void Should_SkipComments_When_Rendering()
    {
        Assert.Equal("ab", Render("a{# note {{ x }} #}b"));
    }

    [Fact]
    public void Should_FormatToday_When_StrftimeNowIsCalled()
    {
        // Given a fixed clock, When a Llama 3.2-style template asks for the date, Then it reads the clock.
        var clock = new FixedClock(new DateTimeOffset(2024, 7, 26, 9, 5, 0, TimeSpan.Zero));
        var options = new Plumb.Templating.TemplateOptions { Clock = clock };
        var text = Plumb.Templating.JinjaTemplate.Parse(
            "{{ strftime_now('%d %b %Y') }}|{{ strftime_now('%Y-%m-%d %H:%M') }}", options)
            .Render(new Dictionary<string, object?>());
        Assert.Equal("26 Jul 2024|2024-07-26 09:05", text);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }
}
