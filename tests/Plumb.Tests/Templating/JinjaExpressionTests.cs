using static Plumb.Tests.Templating.Jinja;

namespace Plumb.Tests.Templating;

public sealed class JinjaExpressionTests
{
    [Theory]
    [InlineData("{{ 'a' ~ 1 ~ none }}", "a1None")]
    [InlineData("{{ true }}{{ True }}{{ false }}{{ none }}", "TrueTrueFalseNone")]
    [InlineData("{{ 7 // 2 }} {{ -7 // 2 }} {{ 7 % 3 }} {{ -7 % 3 }} {{ 7 / 2 }} {{ 2 ** 10 }}", "3 -4 1 2 3.5 1024")]
    [InlineData("{{ 1 + 2 * 3 }} {{ (1 + 2) * 3 }} {{ 1.5 + 1 }} {{ 0.1 + 0.2 }}", "7 9 2.5 0.30000000000000004")]
    [InlineData("{{ 'ab' * 3 }} {{ [1] + [2, 3] }}", "ababab [1, 2, 3]")]
    [InlineData("{{ 1 < 2 < 3 }} {{ 3 > 2 > 2 }} {{ 'a' != 'b' }} {{ 1 == 1.0 }}", "True False True True")]
    [InlineData("{{ 'b' in 'abc' }} {{ 2 in [1, 2] }} {{ 'k' in {'k': 1} }} {{ 3 not in [1] }}", "True True True True")]
    [InlineData("{{ 'yes' if 1 > 0 else 'no' }}{{ 'x' if false }}", "yes")]
    [InlineData("{{ not true or false }} {{ 0 and 1 }} {{ '' or 'fallback' }}", "False 0 fallback")]
    [InlineData("{{ {'a': 1, 'b': [true, none]} }}", "{'a': 1, 'b': [True, None]}")]
    [InlineData("{{ \"it's\" }} {{ ['it\\'s'] }}", "it's [\"it's\"]")]
    [InlineData("{{ 'a\\tb\\\\n' }}", "a\tb\\n")]
    [InlineData("{{ (1, 'a') }} {{ (1,) }} {{ 'ab'.startswith(('x', 'a')) }} {{ 2.5 | round }}",
        "(1, 'a') (1,) True 2.0")]
    [InlineData("{{ 1e3 }} {{ 1e20 }} {{ 0.0001 }} {{ 0.00001 }} {{ 2.0 }}", "1000.0 1e+20 0.0001 1e-05 2.0")]
    public void Should_FollowPythonSemantics_When_EvaluatingOperators(string template, string expected)
    {
        Assert.Equal(expected, Render(template));
    }

    [Theory]
    [InlineData("{{ xs[0] }}{{ xs[-1] }}{{ xs[1:] }}{{ xs[:2] }}{{ xs[::-1] }}{{ xs[::2] }}",
        "ac['b', 'c']['a', 'b']['c', 'b', 'a']['a', 'c']")]
    [InlineData("{{ 'hello'[1:3] }}{{ 'hello'[::-1] }}{{ 'hello'[-1] }}", "elolleho")]
    [InlineData("{{ xs[5] }}|{{ xs[5] is defined }}", "|False")]
    public void Should_IndexAndSliceLikePython_When_Subscripting(string template, string expected)
    {
        Assert.Equal(expected, Render(template, ("xs", new List<object?> { "a", "b", "c" })));
    }

    [Fact]
    public void Should_ReadDictKeysByAttributeOrItem_When_AccessingMessages()
    {
        // Given a message dict, When read with both syntaxes, Then both give the key's value.
        var message = new Dictionary<string, object?> { ["role"] = "user", ["content"] = "hi" };
        var text = Render("{{ m.role }}/{{ m['content'] }}/{{ m.missing }}/{{ m.missing is defined }}",
            ("m", message));
        Assert.Equal("user/hi//False", text);
    }

    [Fact]
    public void Should_BeFalsyAndEmpty_When_AttributeOfUndefinedIsRead()
    {
        var text = Render("[{{ nothing }}][{{ nothing.deeper }}][{{ 'yes' if nothing.deeper else 'no' }}]");
        Assert.Equal("[][][no]", text);
    }

    [Theory]
    [InlineData("{{ '  pad  '.strip() }}|{{ 'xxhixx'.strip('x') }}|{{ '  a'.lstrip() }}|{{ 'a  '.rstrip() }}|",
        "pad|hi|a|a|")]
    [InlineData("{{ 'abc'.startswith('ab') }} {{ 'abc'.endswith(('x', 'c')) }}", "True True")]
    [InlineData("{{ 'a b  c'.split() }} {{ 'a,b,c'.split(',', 1) }}", "['a', 'b', 'c'] ['a', 'b,c']")]
    [InlineData("{{ 'hello wORLD 1st'.title() }} {{ 'hELLO'.capitalize() }} {{ 'Ab'.upper() }}{{ 'Ab'.lower() }}",
        "Hello World 1St Hello ABab")]
    [InlineData("{{ 'a-b-c'.replace('-', '+') }} {{ '<think>x</think>y'.split('</think>')[-1] }}", "a+b+c y")]
    [InlineData("{{ d.get('a') }} {{ d.get('z', 'none') }} {{ d.keys() | list }} {{ d.items() | list }}",
        "1 none ['a'] [('a', 1)]")]
    public void Should_CallPythonMethods_When_TemplatesUseThem(string template, string expected)
    {
        Assert.Equal(expected, Render(template, ("d", new Dictionary<string, object?> { ["a"] = 1 })));
    }

    [Theory]
    [InlineData("{{ '  x  ' | trim }}|{{ 'Hi' | lower }}{{ 'Hi' | upper }}|{{ 'hi there' | capitalize }}",
        "x|hiHI|Hi there")]
    [InlineData("{{ xs | length }} {{ xs | first }} {{ xs | last }} {{ xs | join(', ') }} {{ xs | reverse | list }}",
        "3 b c b, a, c ['c', 'a', 'b']")]
    [InlineData("{{ xs | sort | list }} {{ [3, 1, 2] | sort(reverse=true) }} {{ [1, 1, 2] | unique | list }}",
        "['a', 'b', 'c'] [3, 2, 1] [1, 2]")]
    [InlineData("{{ missing | default('d') }} {{ '' | default('d') }} {{ '' | default('d', true) }}", "d  d")]
    [InlineData("{{ 3 | string ~ 'x' }} {{ '5' | int + 1 }} {{ '2.5' | float }} {{ -3 | abs }} {{ 2.567 | round(2) }}",
        "3x 6 2.5 3 2.57")]
    [InlineData("{{ 'a-b' | replace('-', '_') }} {{ [1, 2, 3] | sum }} {{ [4, 9, 2] | max }} {{ [4, 9, 2] | min }}",
        "a_b 6 9 2")]
    [InlineData("{{ 'line1\\nline2' | indent(2) }}", "line1\n  line2")]
    public void Should_ApplyFilters_When_Piped(string template, string expected)
    {
        Assert.Equal(expected, Render(template, ("xs", new List<object?> { "b", "a", "c" })));
    }

    [Fact]
    public void Should_SelectMapAndReject_When_FilteringMessages()
    {
        // Given three messages, When filtered by role, Then only the matching ones remain, in order.
        var messages = new List<object?>
        {
            new Dictionary<string, object?> { ["role"] = "system", ["content"] = "s" },
            new Dictionary<string, object?> { ["role"] = "user", ["content"] = "u1" },
            new Dictionary<string, object?> { ["role"] = "user", ["content"] = "u2" },
        };
        var text = Render(
            "{{ messages | selectattr('role', 'equalto', 'user') | map(attribute='content') | join(',') }}|"
            + "{{ messages | rejectattr('role', 'eq', 'user') | map(attribute='content') | list }}|"
            + "{{ messages | map(attribute='role') | unique | list | length }}|"
            + "{{ ['a', '', 'b'] | select | list }}|{{ [1, 2, 3, 4] | reject('even') | list }}|"
            + "{{ ['a', 'b'] | map('upper') | join }}",
            ("messages", messages));
        Assert.Equal("u1,u2|['s']|2|['a', 'b']|[1, 3]|AB", text);
    }

    [Fact]
    public void Should_MatchPythonJsonDumps_When_ToJsonIsApplied()
    {
        // Given nested data with unicode, quotes and a float, When dumped, Then separators are ", " and ": ",
        // non-ASCII stays as is (ensure_ascii=False) and control characters are escaped.
        var tool = new Dictionary<string, object?>
        {
            ["name"] = "météo",
            ["args"] = new Dictionary<string, object?> { ["q"] = "say \"hi\"\n", ["n"] = 2, ["t"] = 0.5 },
            ["tags"] = new List<object?> { true, null },
        };
        Assert.Equal("{\"name\": \"météo\", \"args\": {\"q\": \"say \\\"hi\\\"\\n\", \"n\": 2, \"t\": 0.5}, "
            + "\"tags\": [true, null]}", Render("{{ tool | tojson }}", ("tool", tool)));
        Assert.Equal("{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}",
            Render("{{ {'a': [1, 2], 'b': {}} | tojson(indent=2) }}"));
    }

    [Theory]
    [InlineData("{{ x is defined }}{{ y is defined }}{{ y is undefined }}{{ n is none }}{{ x is not none }}",
        "TrueFalseTrueTrueTrue")]
    [InlineData("{{ x is string }}{{ 1 is number }}{{ 1 is integer }}{{ 1.0 is float }}{{ d is mapping }}",
        "TrueTrueTrueTrueTrue")]
    [InlineData("{{ x is iterable }}{{ 4 is even }}{{ 3 is odd }}{{ 9 is divisibleby 3 }}{{ x is eq 'a' }}",
        "TrueTrueTrueTrueTrue")]
    [InlineData("{{ not y is defined }}{{ true is true }}{{ false is boolean }}{{ 'a' is in 'abc' }}",
        "TrueTrueTrueTrue")]
    public void Should_EvaluateTests_When_UsingIs(string template, string expected)
    {
        var text = Render(template, ("x", "a"), ("n", null), ("d", new Dictionary<string, object?>()));
        Assert.Equal(expected, text);
    }

    [Fact]
    public void Should_ProduceRanges_When_RangeIsCalled()
    {
        Assert.Equal("[0, 1, 2] [2, 4] [3, 2, 1] []",
            Render("{{ range(3) | list }} {{ range(2, 6, 2) | list }} {{ range(3, 0, -1) | list }} "
                + "{{ range(0) | list }}"));
    }

    [Fact]
    public void Should_ReadJsonValues_When_TheDataLayerPassesParsedJson()
    {
        // Given a tool call parsed from a JSONL row, When re-serialized, Then integers stay integers.
        using var doc = System.Text.Json.JsonDocument.Parse("{\"name\": \"f\", \"args\": {\"n\": 3, \"x\": 1.5}}");
        Assert.Equal("f {\"n\": 3, \"x\": 1.5}",
            Render("{{ call.name }} {{ call.args | tojson }}", ("call", doc.RootElement)));
    }
}
