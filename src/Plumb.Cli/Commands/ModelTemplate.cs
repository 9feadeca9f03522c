using Plumb.Templating;
using Plumb.Tokenization;

namespace Plumb.Cli.Commands;

/// <summary>
/// A model's chat template, loaded on the first conversation it renders, so plain-text data trains with models
/// that ship no template; <c>chat_template: NAME</c> picks a built-in one instead.
/// </summary>
internal sealed class ModelTemplate(string modelDir, ITokenizer tokenizer, string? builtInName) : IChatTemplate
{
    private IChatTemplate? _loaded;

    /// <inheritdoc />
    public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt) =>
        (_loaded ??= Load()).Render(messages, addGenerationPrompt);

    private IChatTemplate Load() => builtInName is null
        ? ChatTemplateLoader.Load(modelDir)
        : new JinjaChatTemplate(BuiltInTemplates.Get(builtInName),
            tokenizer.Special.BosToken ?? "", tokenizer.Special.EosToken ?? "");
}
