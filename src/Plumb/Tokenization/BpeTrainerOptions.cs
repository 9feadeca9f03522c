namespace Plumb.Tokenization;

/// <summary>Settings of <see cref="BpeTrainer"/> and of the tokenizer files it writes.</summary>
/// <param name="Merges">How many merges to learn at most; fewer when no pair is frequent enough.</param>
public sealed record BpeTrainerOptions(int Merges)
{
    /// <summary>Tokens added after the learned vocabulary, in this order.</summary>
    /// <value>
    /// The default value is <c>&lt;|endoftext|&gt;</c>, <c>&lt;|im_start|&gt;</c>, <c>&lt;|im_end|&gt;</c>.
    /// </value>
    public IReadOnlyList<string> SpecialTokens { get; init; } = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"];

    /// <summary>The fewest occurrences a pair needs to be merged.</summary>
    /// <value>The default value is 2.</value>
    public int MinFrequency { get; init; } = 2;

    /// <summary>BOS token written to <c>tokenizer_config.json</c>; never prepended (add_bos_token is false).</summary>
    /// <value>The default value is <c>&lt;|endoftext|&gt;</c>.</value>
    public string BosToken { get; init; } = "<|endoftext|>";

    /// <summary>EOS token, which ends each assistant turn of the ChatML template.</summary>
    /// <value>The default value is <c>&lt;|im_end|&gt;</c>.</value>
    public string EosToken { get; init; } = "<|im_end|>";

    /// <summary>Padding token.</summary>
    /// <value>The default value is <c>&lt;|endoftext|&gt;</c>.</value>
    public string PadToken { get; init; } = "<|endoftext|>";

    /// <summary>Throws when a setting cannot work, saying which and why.</summary>
    public void Validate()
    {
        if (Merges < 0) throw new PlumbException($"BPE training: Merges is {Merges}; it must be 0 or more.");
        if (MinFrequency < 1)
            throw new PlumbException($"BPE training: MinFrequency is {MinFrequency}; it must be 1 or more.");
        foreach (string token in new[] { BosToken, EosToken, PadToken })
            if (!SpecialTokens.Contains(token))
                throw new PlumbException($"BPE training: '{token}' is used as BOS, EOS or pad but is not listed " +
                    "in SpecialTokens; add it there.");
    }
}
