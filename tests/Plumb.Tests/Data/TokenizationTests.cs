using Plumb.Data;
using Plumb.Tests.Data.Fakes;
using static Plumb.Tests.Data.Fakes.FakeTokenizer;

namespace Plumb.Tests.Data;

public sealed class TokenizationTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static RenderedExample Plain(string prompt, params string[] completions) =>
        new("t:1", prompt, completions, null, false);

    [Fact]
    public void Should_PrependBosOnceAndAppendEos_When_TextIsPlain()
    {
        var tokenizer = new ExampleTokenizer(new FakeTokenizer(addBos: true), new DataOptions());

        var ids = tokenizer.Tokenize(Plain("Q", "A", "B"), out _)!.Value;

        // [BOS, 'Q'] and ['A', EOS]: ids are char code + 100, BOS = 1, EOS = 2
        Assert.Equal([Bos, 'Q' + Offset], ids.Prompt);
        Assert.Equal(['A' + Offset, Eos], ids.Completions[0]);
        Assert.Equal(['B' + Offset, Eos], ids.Completions[1]);
    }

    [Fact]
    public void Should_NotDoubleBos_When_TemplateAlreadyWroteIt()
    {
        var tokenizer = new ExampleTokenizer(new FakeTokenizer(addBos: true), new DataOptions());

        Assert.Equal([Bos, 'Q' + Offset], tokenizer.PromptIds("<s>Q"));
        Assert.Equal([Bos, 'Q' + Offset], tokenizer.PromptIds("<s><s>Q"));
    }

    [Fact]
    public void Should_AddNoBos_When_ModelDoesNotExpectOne()
    {
        var tokenizer = new ExampleTokenizer(new FakeTokenizer(addBos: false), new DataOptions());

        Assert.Equal(['Q' + Offset], tokenizer.PromptIds("Q"));
        Assert.Equal([Bos, 'Q' + Offset], tokenizer.PromptIds("<s><s>Q"));
    }

    [Fact]
    public void Should_AddNoBos_When_TokenizerHasNone()
    {
        // Qwen-style: AddBos may be set but there is no BOS id; nothing (no null id) is inserted
        var tokenizer = new ExampleTokenizer(new FakeTokenizer(addBos: true, hasBos: false), new DataOptions());

        Assert.Equal(['Q' + Offset], tokenizer.PromptIds("Q"));
    }

    [Fact]
    public void Should_NotDoubleEos_When_PlainCompletionEndsWithEos()
    {
        var tokenizer = new ExampleTokenizer(new FakeTokenizer(), new DataOptions());

        Assert.Equal(['A' + Offset, Eos], tokenizer.CompletionIds("A</s>", isConversation: false));
    }

    [Fact]
    public void Should_AppendNoEos_When_TemplateRenderedTheCompletion()
    {
        // Given a conversation rendered by a template that closes each turn with </s>
        string path = _files.Write("c.jsonl", TempFiles.Json(new
        {
            prompt = TempFiles.Chat(("user", "Q")),
            chosen = TempFiles.Chat(("assistant", "A")),
            rejected = TempFiles.Chat(("assistant", "B")),
        }));
        var template = new FakeChatTemplate(writeBos: true);
        var pipeline = new PreferencePipeline(new DataOptions(), template, new FakeTokenizer());

        var pair = pipeline.Pairs(path).Single();

        // Then the prompt is "<s><|user|>Q</s><|assistant|>" with one BOS, and the chosen is "A</s>" with one EOS
        Assert.Equal([Bos, .. Ids("<|user|>Q"), Eos, .. Ids("<|assistant|>")], pair.Prompt);
        Assert.Equal(['A' + Offset, Eos], pair.Chosen);
        Assert.Equal(['B' + Offset, Eos], pair.Rejected);
    }

    [Fact]
    public void Should_RenderCompletionAsSuffixOfFullConversation_When_Conversational()
    {
        var renderer = new ExampleRenderer(new FakeChatTemplate());
        var example = new PreferenceExample("t:1", Content.FromText("Q"),
            [Content.FromText("A"), Content.FromText("B")], null);

        var rendered = renderer.Render(Conversational(example));

        Assert.Equal("<|user|>Q</s><|assistant|>", rendered.Prompt);
        Assert.Equal(["<|assistant|>A</s>", "<|assistant|>B</s>"],
            rendered.Completions.Select(c => "<|assistant|>" + c));
        Assert.Equal(0, renderer.PrefixMismatches);
    }

    [Fact]
    public void Should_CountAndNameFirstExample_When_RenderedPromptIsNotAPrefix()
    {
        // Given a template that adds a system turn only when a reply follows
        var renderer = new ExampleRenderer(new FakeChatTemplate(systemOnlyWithReply: true));
        var example = Conversational(new PreferenceExample("t:7", Content.FromText("Q"),
            [Content.FromText("A"), Content.FromText("B")], null));

        var rendered = renderer.Render(example);

        Assert.Equal(2, renderer.PrefixMismatches);
        Assert.Equal("t:7", renderer.FirstMismatchId);
        // The completion starts where the two renderings part: right after "<|"
        Assert.Equal("system|>be nice</s><|user|>Q</s><|assistant|>A</s>", rendered.Completions[0]);
    }

    [Fact]
    public void Should_WarnWithFirstExampleId_When_PipelineMeetsPrefixMismatches()
    {
        string path = _files.Write("c.jsonl", TempFiles.Json(new
        {
            prompt = TempFiles.Chat(("user", "Q")),
            chosen = TempFiles.Chat(("assistant", "A")),
            rejected = TempFiles.Chat(("assistant", "B")),
        }));
        var template = new FakeChatTemplate(systemOnlyWithReply: true);
        var pipeline = new PreferencePipeline(new DataOptions(), template, new FakeTokenizer());

        _ = pipeline.Pairs(path).ToList();

        Assert.Equal(2, pipeline.Report.TemplatePrefixMismatches);
        Assert.Contains(pipeline.Report.Warnings(), w => w.StartsWith("2 completion(s)") && w.Contains("c.jsonl:1"));
    }

    [Fact]
    public void Should_KeepEndOfPrompt_When_PromptExceedsMaxPromptLength()
    {
        // Given max_prompt_length 4 and a prompt of BOS + 6 characters
        var options = new DataOptions { MaxLength = 10, MaxPromptLength = 4 };
        var tokenizer = new ExampleTokenizer(new FakeTokenizer(), options);

        var ids = tokenizer.Tokenize(Plain("abcdef", "x", "y"), out _)!.Value;

        // Then BOS stays and the last three characters remain: [BOS, d, e, f]
        Assert.Equal([Bos, .. Ids("def")], ids.Prompt);
        Assert.Equal(1, tokenizer.PromptsTruncated);
    }

    [Fact]
    public void Should_KeepStartOfPrompt_When_TruncationIsKeepStart()
    {
        var options = new DataOptions { MaxLength = 10, MaxPromptLength = 4, Truncation = TruncationMode.KeepStart };
        var tokenizer = new ExampleTokenizer(new FakeTokenizer(), options);

        var ids = tokenizer.Tokenize(Plain("abcdef", "x", "y"), out _)!.Value;

        Assert.Equal([Bos, .. Ids("abc")], ids.Prompt);
    }

    [Fact]
    public void Should_TruncateCompletionsToFit_When_PromptPlusCompletionExceedsMaxLength()
    {
        // Given max_length 6: prompt [BOS, Q] leaves 4 tokens; "abcdef"+EOS is 7, "ab"+EOS is 3
        var options = new DataOptions { MaxLength = 6, MaxPromptLength = null };
        var tokenizer = new ExampleTokenizer(new FakeTokenizer(), options);

        var ids = tokenizer.Tokenize(Plain("Q", "abcdef", "ab"), out _)!.Value;

        Assert.Equal(Ids("abcd"), ids.Completions[0]);
        Assert.Equal([.. Ids("ab"), Eos], ids.Completions[1]);
        Assert.Equal(1, tokenizer.CompletionsTruncated);
    }

    [Fact]
    public void Should_DropAndCount_When_PromptAloneReachesMaxLength()
    {
        // Given max_length 5 and no separate prompt limit: [BOS, a, b, c, d] leaves no completion token
        string path = _files.Write("long.jsonl",
            """{"prompt": "abcd", "chosen": "x", "rejected": "y"}""",
            """{"prompt": "a", "chosen": "x", "rejected": "y"}""");
        var pipeline = new PreferencePipeline(new DataOptions { MaxLength = 5, MaxPromptLength = null },
            tokenizer: new FakeTokenizer());

        var pairs = pipeline.Pairs(path).ToList();

        Assert.Equal("long.jsonl:2", pairs.Single().Id);
        Assert.Equal(1, pipeline.Report.Dropped["prompt alone reaches max_length"]);
        Assert.Equal("long.jsonl:1", pipeline.Report.FirstDropped["prompt alone reaches max_length"]);
        Assert.Equal(1, pipeline.Report.Kept);
    }

    [Fact]
    public void Should_ProduceUnpairedExamples_When_DataHasLabels()
    {
        string path = _files.Write("kto.jsonl", """{"prompt": "Q", "completion": "A", "label": false}""");
        var pipeline = new PreferencePipeline(new DataOptions(), tokenizer: new FakeTokenizer());

        var example = pipeline.Unpaired(path).Single();

        Assert.Equal(new[] { Bos, 'Q' + Offset }, example.Prompt);
        Assert.Equal(new[] { 'A' + Offset, Eos }, example.Completion);
        Assert.False(example.Label);
    }

    [Fact]
    public void Should_SayWhatToDo_When_PairsAreRequestedFromUnpairedData()
    {
        string path = _files.Write("kto.jsonl", """{"prompt": "Q", "completion": "A", "label": false}""");
        var pipeline = new PreferencePipeline(new DataOptions(), tokenizer: new FakeTokenizer());

        var e = Assert.Throws<PlumbException>(() => pipeline.Pairs(path).ToList());

        Assert.Contains("Unpaired", e.Message);
    }

    private static PreferenceExample Conversational(PreferenceExample e) => e with
    {
        Prompt = Content.FromMessages(e.Prompt.AsMessages("user")),
        Completions = [.. e.Completions.Select(c => Content.FromMessages(c.AsMessages("assistant")))],
    };
}
