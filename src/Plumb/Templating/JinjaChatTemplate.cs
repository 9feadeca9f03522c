namespace Plumb.Templating;

/// <summary>
/// A Hugging Face chat template (the <c>chat_template</c> of tokenizer_config.json) rendered as transformers'
/// <c>apply_chat_template</c> renders it.
/// </summary>
public sealed class JinjaChatTemplate : IChatTemplate
{
    private readonly JinjaTemplate _template;
    private readonly Dictionary<string, object?> _context;

    /// <summary>Parses <paramref name="template"/> once; renders pass the special tokens and extra variables.</summary>
    /// <param name="template">The Jinja source.</param>
    /// <param name="bosToken">The value of <c>bos_token</c>, for templates that print it.</param>
    /// <param name="eosToken">The value of <c>eos_token</c>.</param>
    /// <param name="extraVariables">Other variables, such as <c>tools</c> or <c>date_string</c>.</param>
    /// <param name="options">Step and size limits.</param>
    public JinjaChatTemplate(string template, string bosToken = "", string eosToken = "",
        IReadOnlyDictionary<string, object?>? extraVariables = null, TemplateOptions? options = null)
    {
        _template = JinjaTemplate.Parse(template, options);
        _context = new Dictionary<string, object?>
        {
            ["bos_token"] = bosToken,
            ["eos_token"] = eosToken,
        };
        foreach (var (name, value) in extraVariables ?? new Dictionary<string, object?>())
            _context[name] = JinjaTemplate.ToTemplateValue(value, name);
    }

    /// <summary>The template's Jinja source, for logs and cache keys.</summary>
    public string Source => _template.Source;

    /// <inheritdoc />
    public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt) =>
        Render(messages, addGenerationPrompt, null);

    /// <summary>Renders with per-call variables too, such as a data set row's <c>tools</c>.</summary>
    public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt,
        IReadOnlyDictionary<string, object?>? variables)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = new List<object?>(messages.Count);
        foreach (var m in messages)
            list.Add(new Dictionary<string, object?> { ["role"] = m.Role, ["content"] = m.Content });
        return RenderValues(list, addGenerationPrompt, variables);
    }

    /// <summary>
    /// Renders messages given as dictionaries, for fields beyond role and content (tool_calls, name, ...),
    /// with optional per-call variables.
    /// </summary>
    public string RenderMessages(IReadOnlyList<IReadOnlyDictionary<string, object?>> messages,
        bool addGenerationPrompt, IReadOnlyDictionary<string, object?>? variables = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages.Select((m, i) => JinjaTemplate.ToTemplateValue(m, $"messages[{i}]")).ToList();
        return RenderValues(list, addGenerationPrompt, variables);
    }

    private string RenderValues(List<object?> messages, bool addGenerationPrompt,
        IReadOnlyDictionary<string, object?>? extra)
    {
        var variables = new Dictionary<string, object?>(_context);
        if (extra != null)
            foreach (var (name, value) in extra) variables[name] = JinjaTemplate.ToTemplateValue(value, name);
        variables["messages"] = messages;
        variables["add_generation_prompt"] = addGenerationPrompt;
        return _template.RenderConverted(variables);
    }
}
