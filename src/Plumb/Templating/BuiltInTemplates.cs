namespace Plumb.Templating;

/// <summary>Chat templates by name, for models whose tokenizer ships none.</summary>
public static class BuiltInTemplates
{
    /// <summary>ChatML, as Qwen and SmolLM use it, without a default system prompt.</summary>
    public const string ChatML =
        "{% for message in messages %}"
        + "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
        + "{% endfor %}"
        + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    /// <summary>Llama 3: header ids around each role, <c>&lt;|eot_id|&gt;</c> after each turn.</summary>
    public const string Llama3 =
        "{{ bos_token }}"
        + "{% for message in messages %}"
        + "{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' }}"
        + "{{ message['content'] | trim }}{{ '<|eot_id|>' }}"
        + "{% endfor %}"
        + "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}";

    /// <summary>Zephyr: <c>&lt;|role|&gt;</c> lines, each turn closed by the eos token and a newline.</summary>
    public const string Zephyr =
        "{% for message in messages %}"
        + "{{ '<|' + message['role'] + '|>\\n' + message['content'] + eos_token + '\\n' }}"
        + "{% endfor %}"
        + "{% if add_generation_prompt %}{{ '<|assistant|>\\n' }}{% endif %}";

    /// <summary>Mistral Instruct: <c>[INST] ... [/INST]</c>; a system prompt joins the first user turn.</summary>
    public const string Mistral =
        "{{ bos_token }}"
        + "{% set ns = namespace(system='') %}"
        + "{% if messages and messages[0]['role'] == 'system' %}"
        + "{% set ns.system = messages[0]['content'] + '\\n\\n' %}{% set messages = messages[1:] %}{% endif %}"
        + "{% for message in messages %}"
        + "{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
        + "{{ raise_exception('Mistral conversations must alternate user/assistant/user/...') }}{% endif %}"
        + "{% if message['role'] == 'user' %}"
        + "{{ '[INST] ' + (ns.system if loop.first else '') + message['content'] + ' [/INST]' }}"
        + "{% else %}{{ message['content'] + eos_token }}{% endif %}"
        + "{% endfor %}";

    /// <summary>Gemma: <c>model</c> for the assistant; a system prompt is folded into the first user turn.</summary>
    public const string Gemma =
        "{{ bos_token }}"
        + "{% set ns = namespace(system='') %}"
        + "{% if messages and messages[0]['role'] == 'system' %}"
        + "{% set ns.system = messages[0]['content'] + '\\n\\n' %}{% set messages = messages[1:] %}{% endif %}"
        + "{% for message in messages %}"
        + "{% set role = 'model' if message['role'] == 'assistant' else message['role'] %}"
        + "{{ '<start_of_turn>' + role + '\\n' + (ns.system if loop.first else '') }}"
        + "{{ message['content'] | trim + '<end_of_turn>\\n' }}"
        + "{% endfor %}"
        + "{% if add_generation_prompt %}{{ '<start_of_turn>model\\n' }}{% endif %}";

    /// <summary>Llama 2 chat: <c>&lt;&lt;SYS&gt;&gt;</c> inside the first <c>[INST]</c>.</summary>
    public const string Llama2 =
        "{% set ns = namespace(system='') %}"
        + "{% if messages and messages[0]['role'] == 'system' %}"
        + "{% set ns.system = '<<SYS>>\\n' + messages[0]['content'] + '\\n<</SYS>>\\n\\n' %}"
        + "{% set messages = messages[1:] %}{% endif %}"
        + "{% for message in messages %}"
        + "{% if message['role'] == 'user' %}"
        + "{{ bos_token + '[INST] ' + ((ns.system if loop.first else '') + message['content']).strip() + ' [/INST]' }}"
        + "{% else %}{{ ' ' + message['content'].strip() + ' ' + eos_token }}{% endif %}"
        + "{% endfor %}";

    /// <summary>Plain text: "System: ", "User: " and "Assistant: " lines, for base models.</summary>
    public const string Plain =
        "{% for message in messages %}"
        + "{{ message['role'] | capitalize }}: {{ message['content'] }}\n"
        + "{% endfor %}"
        + "{% if add_generation_prompt %}Assistant:{% endif %}";

    private static readonly Dictionary<string, string> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["chatml"] = ChatML,
        ["llama3"] = Llama3,
        ["zephyr"] = Zephyr,
        ["mistral"] = Mistral,
        ["gemma"] = Gemma,
        ["llama2"] = Llama2,
        ["plain"] = Plain,
    };

    /// <summary>The names <see cref="Get"/> accepts.</summary>
    public static IReadOnlyCollection<string> Names { get; } = [.. ByName.Keys];

    /// <summary>The template source named <paramref name="name"/> (case-insensitive).</summary>
    public static string Get(string name) =>
        ByName.TryGetValue(name, out var template) ? template
            : throw new PlumbException($"Unknown chat template '{name}'. Built-in templates are: "
                + $"{string.Join(", ", Names)}; or pass the Jinja source of the model's own chat_template.");
}
