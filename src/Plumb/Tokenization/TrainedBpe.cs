namespace Plumb.Tokenization;

/// <summary>A vocabulary learned by <see cref="BpeTrainer"/>, ready to be saved as Hugging Face files.</summary>
public sealed class TrainedBpe
{
    /// <summary>A ChatML template (as Qwen2 uses) with no default system prompt.</summary>
    public const string ChatMlTemplate =
        "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + " +
        "'<|im_end|>' + '\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}" +
        "{% endif %}";

    internal TrainedBpe(IReadOnlyList<string> tokens, IReadOnlyList<(string, string)> merges,
        BpeTrainerOptions options)
    {
        Tokens = tokens;
        Merges = merges;
        Options = options;
    }

    /// <summary>The model vocabulary in id order: 256 byte tokens, then one token per merge.</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>The learned merges in rank order.</summary>
    public IReadOnlyList<(string Left, string Right)> Merges { get; }

    public BpeTrainerOptions Options { get; }

    /// <summary>Vocabulary size including the special tokens.</summary>
    public int VocabSize => Tokens.Count + Options.SpecialTokens.Count;

    /// <summary>Writes <c>tokenizer.json</c> and <c>tokenizer_config.json</c> into <paramref name="dir"/>.</summary>
    public void Save(string dir)
    {
        Directory.CreateDirectory(dir);
        var added = Options.SpecialTokens.Select((s, i) => new AddedToken(Tokens.Count + i, s, true)).ToList();
        TokenizerJsonWriter.WriteByteLevel(Path.Combine(dir, "tokenizer.json"), Tokens, Merges, added);
        WriteConfig(Path.Combine(dir, "tokenizer_config.json"), added);
    }

    private void WriteConfig(string path, List<AddedToken> added)
    {
        using var stream = File.Create(path);
        using var w = new System.Text.Json.Utf8JsonWriter(stream, new() { Indented = true });
        w.WriteStartObject();
        w.WriteBoolean("add_bos_token", false);
        w.WriteBoolean("add_eos_token", false);
        w.WriteString("bos_token", Options.BosToken);
        w.WriteString("eos_token", Options.EosToken);
        w.WriteString("pad_token", Options.PadToken);
        w.WriteNull("unk_token");
        w.WriteStartArray("additional_special_tokens");
        foreach (var token in added) w.WriteStringValue(token.Content);
        w.WriteEndArray();
        w.WriteBoolean("clean_up_tokenization_spaces", false);
        w.WriteNumber("model_max_length", 2048);
        w.WriteString("tokenizer_class", "PreTrainedTokenizerFast");
        w.WriteString("chat_template", ChatMlTemplate);
        w.WriteEndObject();
    }
}
