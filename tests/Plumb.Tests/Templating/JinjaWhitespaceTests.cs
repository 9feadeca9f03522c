using static Plumb.Tests.Templating.Jinja;

namespace Plumb.Tests.Templating;

/// <summary>Whitespace as jinja2 renders it with trim_blocks and lstrip_blocks, as transformers sets them.</summary>
public sealed class JinjaWhitespaceTests
{
    [Fact]
    public void Should_DropTheNewlineAfterABlockTag_When_TrimBlocksIsOn()
    {
        Assert.Equal("a\nb\n", Render("{% if true %}\na\n{% endif %}\nb\n\n"));
    }

    [Fact]
    public void Should_StripIndentBeforeABlockTag_When_LstripBlocksIsOn()
    {
        // Given an indented block tag on its own line, Then the indent and the tag's newline vanish.
        const string t = "<ul>\n    {% for x in xs %}\n    <li>{{ x }}</li>\n    {% endfor %}\n</ul>";
        Assert.Equal("<ul>\n    <li>a</li>\n    <li>b</li>\n</ul>", Render(t, ("xs", new List<object?> { "a", "b" })));
    }

    [Fact]
    public void Should_KeepIndent_When_TextPrecedesTheTagOnItsLine()
    {
        Assert.Equal("x  y", Render("x  {% if true %}y{% endif %}"));
    }

    [Fact]
    public void Should_KeepIndentBeforeAnExpression_When_LstripBlocksIsOn()
    {
        Assert.Equal("a\n  b", Render("a\n  {{ 'b' }}"));
    }

    [Fact]
    public void Should_StripAllWhitespace_When_DashModifiersAreUsed()
    {
        Assert.Equal("ab", Render("a  \n  {{- 'b' -}}  \n  "));
        Assert.Equal("[x]", Render("[\n  {%- if true -%}\n  x\n  {%- endif -%}\n]"));
    }

    [Fact]
    public void Should_KeepWhitespace_When_PlusModifiersAreUsed()
    {
        Assert.Equal("  \na\n", Render("  {%+ if true +%}\na\n{% endif %}"));
    }

    [Fact]
    public void Should_DropOneTrailingNewline_When_TemplateEndsWithNewline()
    {
        Assert.Equal("a\n", Render("a\n\n"));
        Assert.Equal("a", Render("a\r\n"));
    }

    [Fact]
    public void Should_TrimTheNewlineAfterAComment_When_TrimBlocksIsOn()
    {
        Assert.Equal("a\nb", Render("a\n  {# note #}\nb"));
    }
}
