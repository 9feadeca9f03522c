namespace Plumb.Training.Tasks;

/// <summary>The tokenizer files of a Hugging Face model directory, copied so a saved model loads on its own.
/// </summary>
public static class TokenizerFiles
{
    /// <summary>The file names transformers' AutoTokenizer reads, plus the generation defaults.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "tokenizer.model", "vocab.json",
        "merges.txt", "added_tokens.json", "chat_template.jinja", "chat_template.json", "generation_config.json",
    ];

    /// <summary>Copies each tokenizer file that <paramref name="from"/> has into <paramref name="to"/>.</summary>
    /// <returns>The names copied.</returns>
    public static IReadOnlyList<string> Copy(string from, string to)
    {
        var copied = new List<string>();
        foreach (string name in Names)
        {
            string source = Path.Combine(from, name);
            if (!File.Exists(source))
                continue;
            // Copy beside, then rename: a crash never leaves a half-written tokenizer.json.
            string target = Path.Combine(to, name);
            File.Copy(source, target + ".tmp", overwrite: true);
            File.Move(target + ".tmp", target, overwrite: true);
            copied.Add(name);
        }
        return copied;
    }
}
