using Plumb.Data;
using Plumb.Templating;
using Plumb.Tests.Data.Fakes;

namespace Plumb.Tests.Data;

public sealed class ShapeTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private List<PreferenceExample> Read(string path, DataOptions? options = null) =>
        new PreferencePipeline(options ?? new DataOptions()).Examples(path).ToList();

    private DataShape ShapeOf(string path, DataOptions? options = null)
    {
        var pipeline = new PreferencePipeline(options ?? new DataOptions());
        _ = pipeline.Examples(path).ToList();
        return pipeline.Report.Shape;
    }

    [Fact]
    public void Should_ReadStandardExplicitPairs_When_PromptChosenRejectedAreStrings()
    {
        string path = _files.Write("s.jsonl", """{"prompt": "Q?", "chosen": " yes", "rejected": " no"}""");

        var example = Read(path).Single();

        Assert.Equal(DataShape.Explicit, ShapeOf(path));
        Assert.Equal("Q?", example.Prompt.Text);
        Assert.Equal([" yes", " no"], example.Completions.Select(c => c.Text));
        Assert.False(example.IsConversation);
    }

    [Fact]
    public void Should_ReadConversationalExplicitPairs_When_ValuesAreMessageLists()
    {
        string path = _files.Write("c.jsonl", TempFiles.Json(new
        {
            prompt = TempFiles.Chat(("user", "Q?")),
            chosen = TempFiles.Chat(("assistant", "yes")),
            rejected = TempFiles.Chat(("assistant", "no")),
        }));

        var example = Read(path).Single();

        Assert.True(example.IsConversation);
        Assert.Equal(new ChatMessage("user", "Q?"), example.Prompt.Messages!.Single());
        Assert.Equal(new ChatMessage("assistant", "no"), example.Completions[1].Messages!.Single());
    }

    [Fact]
    public void Should_EndPromptAtLastAssistantMarker_When_HhDialoguesDivergeInLastTurn()
    {
        // Given a two-turn HH-RLHF dialogue whose answers differ only in the last assistant turn
        const string Shared = "\n\nHuman: Hi there\n\nAssistant: Hello! How can I help?\n\nHuman: Name a fruit.";
        string path = _files.Write("hh.jsonl", TempFiles.Json(new
        {
            chosen = Shared + "\n\nAssistant: An apple.",
            rejected = Shared + "\n\nAssistant: No.",
        }));

        var example = Read(path).Single();

        // Then the prompt is everything through the last "\n\nAssistant:" and the completions start after it
        Assert.Equal(DataShape.Implicit, ShapeOf(path));
        Assert.Equal(Shared + "\n\nAssistant:", example.Prompt.Text);
        Assert.Equal([" An apple.", " No."], example.Completions.Select(c => c.Text));
    }

    [Fact]
    public void Should_NotCutMidWord_When_HhAnswersDivergeInsideAWord()
    {
        // Given answers that share "It is a ca" before diverging inside the word ("cat" / "car")
        const string Shared = "\n\nHuman: What is it?\n\nAssistant: I think so.\n\nHuman: And now?";
        string path = _files.Write("hh.jsonl", TempFiles.Json(new
        {
            chosen = Shared + "\n\nAssistant: It is a cat.",
            rejected = Shared + "\n\nAssistant: It is a car.",
        }));

        var example = Read(path).Single();

        Assert.EndsWith("\n\nAssistant:", example.Prompt.Text);
        Assert.Equal(Shared + "\n\nAssistant:", example.Prompt.Text);
        Assert.Equal([" It is a cat.", " It is a car."], example.Completions.Select(c => c.Text));
    }

    [Fact]
    public void Should_CutAtWhitespaceAndCount_When_ImplicitTextHasNoTurnMarker()
    {
        string path = _files.Write("plain.jsonl", """{"chosen": "The cat sat", "rejected": "The car sat"}""");
        var pipeline = new PreferencePipeline(new DataOptions());

        var example = pipeline.Examples(path).Single();

        Assert.Equal("The", example.Prompt.Text);
        Assert.Equal(" cat sat", example.Completions[0].Text);
        Assert.Equal(1, pipeline.Report.UnmarkedImplicitPrompts);
        Assert.Contains(pipeline.Report.Warnings(), w => w.Contains("no turn marker"));
    }

    [Fact]
    public void Should_UseAllButLastAssistantTurnAsPrompt_When_ImplicitConversation()
    {
        string path = _files.Write("conv.jsonl", TempFiles.Json(new
        {
            chosen = TempFiles.Chat(("user", "a"), ("assistant", "b"), ("user", "c"), ("assistant", "good")),
            rejected = TempFiles.Chat(("user", "a"), ("assistant", "b"), ("user", "c"), ("assistant", "bad")),
        }));

        var example = Read(path).Single();

        Assert.Equal(["a", "b", "c"], example.Prompt.Messages!.Select(m => m.Content));
        Assert.Equal("good", example.Completions[0].Messages!.Single().Content);
        Assert.Equal("bad", example.Completions[1].Messages!.Single().Content);
    }

    [Fact]
    public void Should_Reject_When_ImplicitConversationsDifferBeforeLastTurn()
    {
        string path = _files.Write("conv.jsonl", TempFiles.Json(new
        {
            chosen = TempFiles.Chat(("user", "a"), ("assistant", "x")),
            rejected = TempFiles.Chat(("user", "DIFFERENT"), ("assistant", "y")),
        }));

        var e = Assert.Throws<InvalidRecordException>(() => Read(path));

        Assert.Equal(InvalidReason.NoSharedPrompt, e.Reason);
        Assert.Contains("conv.jsonl line 1", e.Message);
    }

    [Fact]
    public void Should_ReadUnpairedExamples_When_LabelColumnExists()
    {
        string path = _files.Write("kto.jsonl",
            """{"prompt": "Q", "completion": "A", "label": true}""",
            """{"prompt": "Q", "completion": "B", "label": false}""");

        var examples = Read(path);

        Assert.Equal(DataShape.Unpaired, ShapeOf(path));
        Assert.Equal([true, false], examples.Select(e => e.Label));
        Assert.Equal("B", examples[1].Completions.Single().Text);
    }

    [Fact]
    public void Should_ReadMappedColumns_When_ColumnMapGiven()
    {
        // Given a StackExchange-paired style file
        string path = _files.Write("se.jsonl", """{"question": "Q", "response_j": "good", "response_k": "bad"}""");
        var columns = ColumnMap.Parse("prompt=question,chosen=response_j,rejected=response_k");
        var options = new DataOptions { Columns = columns };

        var example = Read(path, options).Single();

        Assert.Equal("Q", example.Prompt.Text);
        Assert.Equal(["good", "bad"], example.Completions.Select(c => c.Text));
    }

    [Fact]
    public void Should_MapShareGptRoles_When_MessagesUseFromAndValue()
    {
        string path = _files.Write("sg.jsonl", TempFiles.Json(new
        {
            prompt = new[] { new { from = "system", value = "s" }, new { from = "human", value = "q" } },
            chosen = new[] { new { from = "gpt", value = "a" } },
            rejected = new[] { new { from = "bot", value = "b" } },
        }));
        var options = new DataOptions { Roles = RoleMap.Parse("bot=assistant") };

        var example = Read(path, options).Single();

        Assert.Equal(["system", "user"], example.Prompt.Messages!.Select(m => m.Role));
        Assert.Equal("assistant", example.Completions[0].Messages!.Single().Role);
        Assert.Equal("assistant", example.Completions[1].Messages!.Single().Role);
    }

    [Fact]
    public void Should_SuggestRolesOption_When_RoleIsNotMapped()
    {
        string path = _files.Write("sg.jsonl", """
            {"prompt": "q", "chosen": [{"from": "bot", "value": "a"}], "rejected": [{"from": "gpt", "value": "b"}]}
            """);

        var e = Assert.Throws<InvalidRecordException>(() => Read(path));

        Assert.Contains("sg.jsonl line 1, field 'chosen'", e.Message);
        Assert.Contains("--roles bot=assistant", e.Message);
    }

    [Fact]
    public void Should_UseGivenShape_When_ShapeOverridesDetection()
    {
        // Given a prompt column that the user wants ignored
        string path = _files.Write("o.jsonl", TempFiles.Json(new
        {
            prompt = "ignored",
            chosen = "\n\nHuman: q\n\nAssistant: a",
            rejected = "\n\nHuman: q\n\nAssistant: b",
        }));

        var example = Read(path, new DataOptions { Shape = DataShape.Implicit }).Single();

        Assert.Equal("\n\nHuman: q\n\nAssistant:", example.Prompt.Text);
    }
}
