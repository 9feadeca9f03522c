namespace Plumb.Tokenization;

/// <summary>A token from <c>added_tokens</c>, matched verbatim in text before any other step.</summary>
/// <param name="Id">The token's id.</param>
/// <param name="Content">The exact text that stands for the token.</param>
/// <param name="Special">Whether Hugging Face marks it special (BOS, EOS, chat markers).</param>
internal sealed record AddedToken(int Id, string Content, bool Special);
