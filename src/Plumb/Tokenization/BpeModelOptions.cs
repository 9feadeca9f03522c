namespace Plumb.Tokenization;

/// <summary>The settings of a <c>tokenizer.json</c> BPE model besides its vocabulary and merges.</summary>
/// <param name="UnkToken">Token for characters outside the vocabulary; the default is none.</param>
/// <param name="FuseUnk">Whether consecutive unknown characters become one unk token; the default is false.</param>
/// <param name="ByteFallback">Whether unknown characters become <c>&lt;0xNN&gt;</c> byte tokens.</param>
/// <param name="IgnoreMerges">Whether a word found whole in the vocabulary skips merging (Llama 3).</param>
/// <param name="ContinuingSubwordPrefix">Prefix of every symbol but a word's first; the default is none.</param>
/// <param name="EndOfWordSuffix">Suffix of a word's last symbol; the default is none.</param>
internal sealed record BpeModelOptions(
    string? UnkToken = null,
    bool FuseUnk = false,
    bool ByteFallback = false,
    bool IgnoreMerges = false,
    string? ContinuingSubwordPrefix = null,
    string? EndOfWordSuffix = null);
