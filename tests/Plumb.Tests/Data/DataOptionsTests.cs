using Plumb.Data;

namespace Plumb.Tests.Data;

public sealed class DataOptionsTests
{
    [Fact]
    public void Should_HaveTrlDefaults_When_Constructed()
    {
        var options = new DataOptions();

        Assert.Equal(1024, options.MaxLength);
        Assert.Equal(512, options.MaxPromptLength);
        Assert.Equal(TruncationMode.KeepEnd, options.Truncation);
        Assert.Equal(DataShape.Auto, options.Shape);
        Assert.False(options.SkipInvalid);
        Assert.Same(options, options.Validate());
    }

    [Fact]
    public void Should_SayWhatToDo_When_MaxPromptLengthLeavesNoRoom()
    {
        var options = new DataOptions { MaxLength = 256, MaxPromptLength = 256 };

        var e = Assert.Throws<PlumbException>(() => options.Validate());

        Assert.Equal("max_prompt_length is 256; it must be between 1 and max_length - 1 (255) to leave room for " +
            "the completion, or unset.", e.Message);
    }

    [Fact]
    public void Should_SayWhatToDo_When_MaxLengthTooSmall()
    {
        var options = new DataOptions { MaxLength = 1, MaxPromptLength = null };

        var e = Assert.Throws<PlumbException>(() => options.Validate());

        Assert.Contains("at least 2", e.Message);
    }

    [Fact]
    public void Should_ParseColumnMapping_When_SomeFieldsNamed()
    {
        var map = ColumnMap.Parse("prompt=question, rejected=response_k");

        Assert.Equal(("question", "chosen", "response_k"), (map.Prompt, map.Chosen, map.Rejected));
    }

    [Theory]
    [InlineData("answer=x", "--columns: unknown field 'answer'")]
    [InlineData("prompt", "--columns: 'prompt' is not key=value")]
    public void Should_NameTheProblem_When_ColumnMappingIsWrong(string text, string expected)
    {
        var e = Assert.Throws<PlumbException>(() => ColumnMap.Parse(text));

        Assert.StartsWith(expected, e.Message);
    }

    [Fact]
    public void Should_RefuseUnknownTargetRole_When_RoleMapParsed()
    {
        var e = Assert.Throws<PlumbException>(() => RoleMap.Parse("bot=robot"));

        Assert.Contains("map to system, user or assistant", e.Message);
    }
}
