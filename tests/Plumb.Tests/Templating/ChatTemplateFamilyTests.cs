using Plumb.Templating;
using static Plumb.Tests.Templating.Jinja;

namespace Plumb.Tests.Templating;

/// <summary>Real model templates rendered character for character as each model documents its format.</summary>
public sealed class ChatTemplateFamilyTests
{
    private static readonly ChatMessage[] UserAssistant = [User("Hello"), Assistant("Hi there!")];

    [Fact]
    public void Should_AddTheDefaultSystemPrompt_When_Qwen2HasNoSystemMessage()
    {
        var template = new JinjaChatTemplate(FamilyTemplates.Qwen2);
        Assert.Equal(
            "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
            + "<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\nHi there!<|im_end|>\n",
            template.Render(UserAssistant, addGenerationPrompt: false));
        Assert.Equal(
            "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n",
            template.Render([SystemTurn("Be brief."), User("Hello")], addGenerationPrompt: true));
    }

    [Fact]
    public void Should_RenderChatML_When_Qwen25HasNoTools()
    {
        var template = new JinjaChatTemplate(FamilyTemplates.Qwen25);
        Assert.Equal(
            "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n"
            + "<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n",
            template.Render([User("Hello")], addGenerationPrompt: true));
    }

    [Fact]
    public void Should_RenderToolsAndToolCalls_When_Qwen25IsGivenThem()
    {
        // Given a tool list, an assistant tool call with no content and a tool response.
        var tool = new Dictionary<string, object?>
        {
            ["type"] = "function",
            ["function"] = new Dictionary<string, object?>
            {
                ["name"] = "weather",
                ["parameters"] = new Dictionary<string, object?>(),
            },
        };
        var call = new Dictionary<string, object?>
        {
            ["type"] = "function",
            ["function"] = new Dictionary<string, object?>
            {
                ["name"] = "weather",
                ["arguments"] = new Dictionary<string, object?> { ["city"] = "Paris" },
            },
        };
        var messages = new List<IReadOnlyDictionary<string, object?>>
        {
            new Dictionary<string, object?> { ["role"] = "user", ["content"] = "Weather?" },
            new Dictionary<string, object?>
            {
                ["role"] = "assistant", ["content"] = null, ["tool_calls"] = new List<object?> { call },
            },
            new Dictionary<string, object?> { ["role"] = "tool", ["content"] = "18C" },
        };
        var template = new JinjaChatTemplate(FamilyTemplates.Qwen25,
            extraVariables: new Dictionary<string, object?> { ["tools"] = new List<object?> { tool } });

        var text = template.RenderMessages(messages, addGenerationPrompt: true);

        Assert.Equal(
            "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.\n\n# Tools\n\n"
            + "You may call one or more functions to assist with the user query.\n\n"
            + "You are provided with function signatures within <tools></tools> XML tags:\n<tools>\n"
            + "{\"type\": \"function\", \"function\": {\"name\": \"weather\", \"parameters\": {}}}\n</tools>\n\n"
            + "For each function call, return a json object with function name and arguments within "
            + "<tool_call></tool_call> XML tags:\n<tool_call>\n"
            + "{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n"
            + "<|im_start|>user\nWeather?<|im_end|>\n"
            + "<|im_start|>assistant\n<tool_call>\n{\"name\": \"weather\", \"arguments\": {\"city\": \"Paris\"}}\n"
            + "</tool_call><|im_end|>\n"
            + "<|im_start|>user\n<tool_response>\n18C\n</tool_response><|im_end|>\n"
            + "<|im_start|>assistant\n",
            text);
    }

    [Fact]
    public void Should_TakeToolsPerCall_When_ADataSetRowCarriesThem()
    {
        // Given a template parsed once, When one row passes tools and another none, Then only the first
        // renders the tools preamble.
        var template = new JinjaChatTemplate(FamilyTemplates.Qwen25);
        var tools = new Dictionary<string, object?> { ["tools"] = new List<object?> { "t" } };
        Assert.StartsWith("<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful "
            + "assistant.\n\n# Tools", template.Render([User("Hi")], true, tools));
        Assert.DoesNotContain("# Tools", template.Render([User("Hi")], true));
        Assert.Equal(FamilyTemplates.Qwen25, template.Source);
    }

    [Fact]
    public void Should_AddSmolLMsSystemPrompt_When_SmolLM2HasNoSystemMessage()
    {
        var template = new JinjaChatTemplate(FamilyTemplates.SmolLM2);
        Assert.Equal(
            "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n"
            + "<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n",
            template.Render([User("Hello")], addGenerationPrompt: true));
    }

    [Fact]
    public void Should_WrapTurnsInHeaderIds_When_Llama3Renders()
    {
        var template = new JinjaChatTemplate(FamilyTemplates.Llama3, bosToken: "<|begin_of_text|>",
            eosToken: "<|eot_id|>");
        Assert.Equal(
            "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHello<|eot_id|>"
            + "<|start_header_id|>assistant<|end_header_id|>\n\nHi there!<|eot_id|>"
            + "<|start_header_id|>assistant<|end_header_id|>\n\n",
            template.Render([User("  Hello\n"), Assistant("Hi there!")], addGenerationPrompt: true));
    }

    [Fact]
    public void Should_WriteTheDateHeader_When_Llama31Renders()
    {
        var template = new JinjaChatTemplate(FamilyTemplates.Llama31, bosToken: "<|begin_of_text|>");
        Assert.Equal(
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
            + "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n"
            + "You are a helpful assistant.<|eot_id|>"
            + "<|start_header_id|>user<|end_header_id|>\n\nHello<|eot_id|>"
            + "<|start_header_id|>assistant<|end_header_id|>\n\n",
            template.Render([SystemTurn("You are a helpful assistant."), User("Hello")], addGenerationPrompt: true));
    }

    [Fact]
    public void Should_UseTheGivenDate_When_Llama31GetsDateString()
    {
        var template = new JinjaChatTemplate(FamilyTemplates.Llama31, bosToken: "<|begin_of_text|>",
            extraVariables: new Dictionary<string, object?> { ["date_string"] = "03 Dec 2026" });
        Assert.Equal(
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
            + "Cutting Knowledge Date: December 2023\nToday Date: 03 Dec 2026\n\n<|eot_id|>"
            + "<|start_header_id|>user<|end_header_id|>\n\nHello<|eot_id|>",
            template.Render([User("Hello")], addGenerationPrompt: false));
    }

    [Fact]
    public void Should_PutToolsInTheFirstUserTurn_When_Llama31GetsTools()
    {
        var tool = new Dictionary<string, object?> { ["name"] = "f", ["args"] = new List<object?> { 1 } };
        var template = new JinjaChatTemplate(FamilyTemplates.Llama31, bosToken: "<s>",
            extraVariables: new Dictionary<string, object?> { ["tools"] = new List<object?> { tool } });
        var text = template.Render([User("Go")], addGenerationPrompt: false);
        Assert.Equal(
            "<s><|start_header_id|>system<|end_header_id|>\n\nEnvironment: ipython\n"
            + "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n<|eot_id|>"
            + "<|start_header_id|>user<|end_header_id|>\n\n"
            + "Given the following functions, please respond with a JSON for a function call with its proper "
            + "arguments that best answers the given prompt.\n\n"
            + "Respond in the format {\"name\": function name, \"parameters\": dictionary of argument name and its "
            + "value}.Do not use variables.\n\n"
            + "{\n    \"name\": \"f\",\n    \"args\": [\n        1\n    ]\n}\n\nGo<|eot_id|>",
            text);
    }

    [Fact]
    public void Should_EndEachTurnWithEosAndNewline_When_ZephyrRenders()
    {
        var template = new JinjaChatTemplate(FamilyTemplates.Zephyr, eosToken: "</s>");
        Assert.Equal(
            "<|system|>\nYou are a friendly chatbot.</s>\n<|user|>\nHello</s>\n<|assistant|>\n",
            template.Render([SystemTurn("You are a friendly chatbot."), User("Hello")], addGenerationPrompt: true));
        Assert.Equal("<|user|>\nHello</s>\n<|assistant|>\nHi there!</s>\n",
            template.Render(UserAssistant, addGenerationPrompt: false));
    }

    [Fact]
    public void Should_CallTheAssistantModel_When_GemmaRenders()
    {
        var template = new JinjaChatTemplate(FamilyTemplates.Gemma, bosToken: "<bos>");
        Assert.Equal(
            "<bos><start_of_turn>user\nHello<end_of_turn>\n<start_of_turn>model\nHi there!<end_of_turn>\n"
            + "<start_of_turn>model\n",
            template.Render(UserAssistant, addGenerationPrompt: true));
    }

    [Fact]
    public void Should_Raise_When_GemmaGetsASystemMessage()
    {
        var template = new JinjaChatTemplate(FamilyTemplates.Gemma, bosToken: "<bos>");
        var e = Assert.Throws<TemplateException>(() => template.Render([SystemTurn("x"), User("y")], false));
        Assert.True(e.RaisedByTemplate);
        Assert.EndsWith("System role not supported", e.Message);
    }

    [Fact]
    public void Should_WrapUserTurnsInInst_When_MistralRenders()
    {
        var template = new JinjaChatTemplate(FamilyTemplates.Mistral, bosToken: "<s>", eosToken: "</s>");
        ChatMessage[] chat =
        [
            User("Hello, how are you?"), Assistant("I'm doing great. How can I help you today?"),
            User("I'd like to show off how chat templating works!"),
        ];
        Assert.Equal(
            "<s>[INST] Hello, how are you? [/INST]I'm doing great. How can I help you today?</s> "
            + "[INST] I'd like to show off how chat templating works! [/INST]",
            template.Render(chat, addGenerationPrompt: false));
    }

    [Fact]
    public void Should_Raise_When_MistralRolesDoNotAlternate()
    {
        var template = new JinjaChatTemplate(FamilyTemplates.Mistral, bosToken: "<s>", eosToken: "</s>");
        var e = Assert.Throws<TemplateException>(() => template.Render([User("a"), User("b")], false));
        Assert.EndsWith("Conversation roles must alternate user/assistant/user/assistant/...", e.Message);
        var system = Assert.Throws<TemplateException>(() => template.Render([SystemTurn("s"), User("b")], false));
        Assert.Contains("alternate", system.Message);
    }

    [Fact]
    public void Should_FoldTheSystemPromptIntoTheFirstInst_When_Llama2Renders()
    {
        var template = new JinjaChatTemplate(FamilyTemplates.Llama2, bosToken: "<s>", eosToken: "</s>");
        Assert.Equal(
            "<s>[INST] <<SYS>>\nBe kind.\n<</SYS>>\n\nHello [/INST] Hi there! </s><s>[INST] Bye [/INST]",
            template.Render([SystemTurn("Be kind."), .. UserAssistant, User("Bye")], addGenerationPrompt: false));
    }
}
