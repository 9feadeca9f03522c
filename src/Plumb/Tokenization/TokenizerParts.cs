namespace Plumb.Tokenization;

/// <summary>The pipeline a <c>tokenizer.json</c> describes, read and validated.</summary>
/// <param name="Model">The BPE model.</param>
/// <param name="AddedTokens">Tokens matched verbatim before normalization.</param>
/// <param name="Normalizer">Applied to each plain segment; null where the file has none.</param>
/// <param name="PreTokenizer">Cuts a normalized segment into words; null keeps the segment whole.</param>
/// <param name="Decoder">Turns model tokens back into text; null joins them with spaces, as HF does.</param>
/// <param name="TemplateBos">The special token the post-processor puts first, such as <c>&lt;s&gt;</c>.</param>
internal sealed record TokenizerParts(
    BpeModel Model,
    IReadOnlyList<AddedToken> AddedTokens,
    Normalizer? Normalizer,
    PreTokenizer? PreTokenizer,
    TokenDecoder? Decoder,
    string? TemplateBos);
