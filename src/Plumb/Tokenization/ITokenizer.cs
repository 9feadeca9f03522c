namespace Plumb.Tokenization;

/// <summary>
/// Text to token ids and back, as a model's own <c>tokenizer.json</c> defines it.
/// </summary>
public interface ITokenizer
{
    /// <summary>Number of ids the tokenizer can produce, added tokens included.</summary>
    int VocabSize { get; }

    /// <summary>BOS, EOS and pad ids, and whether the model expects BOS at the start of a sequence.</summary>
    SpecialTokens Special { get; }

    /// <summary>
    /// Encodes text without adding BOS or EOS. Added and special tokens written in the text
    /// (for example <c>&lt;|im_start|&gt;</c> produced by a chat template) map to their own ids.
    /// </summary>
    int[] Encode(string text);

    /// <summary>Decodes ids to text, special tokens included, so that decode(encode(s)) == s.</summary>
    string Decode(IEnumerable<int> ids);

    /// <summary>The string of one id, or null when the id is out of range.</summary>
    string? IdToToken(int id);
}

/// <summary>Special token ids of a tokenizer, each null where the model defines none.</summary>
/// <param name="BosId">Beginning-of-sequence id.</param>
/// <param name="EosId">End-of-sequence id, appended to plain-text completions.</param>
/// <param name="PadId">Padding id; falls back to EOS where the model defines none, as TRL does.</param>
/// <param name="AddBos">Whether the model's tokenizer prepends BOS to every encoded sequence.</param>
public sealed record SpecialTokens(int? BosId, int? EosId, int? PadId, bool AddBos)
{
    /// <summary>BOS text, for chat templates that write <c>{{ bos_token }}</c>.</summary>
    public string? BosToken { get; init; }

    /// <summary>EOS text, for chat templates that write <c>{{ eos_token }}</c>.</summary>
    public string? EosToken { get; init; }

    /// <summary>The chat template from <c>tokenizer_config.json</c>, when the model ships one.</summary>
    public string? ChatTemplate { get; init; }
}
