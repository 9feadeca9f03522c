using Microsoft.ML.Tokenizers;
using Plumb.Tokenization;

namespace Plumb.Tests.Data.Fakes;

/// <summary>GPT-2's real byte-level BPE behind <see cref="ITokenizer"/>, to check real token boundaries.</summary>
internal sealed class Gpt2Tokenizer : ITokenizer
{
    private const int EndOfText = 50256;
    private static readonly Lazy<TiktokenTokenizer> Shared = new(() => TiktokenTokenizer.CreateForModel("gpt2"));

    public int VocabSize => 50257;

    public SpecialTokens Special { get; } = new(EndOfText, EndOfText, null, false)
    {
        BosToken = "<|endoftext|>",
        EosToken = "<|endoftext|>",
    };

    public int[] Encode(string text) => [.. Shared.Value.EncodeToIds(text)];

    public string Decode(IEnumerable<int> ids) => Shared.Value.Decode(ids);

    public string? IdToToken(int id) => id is >= 0 and < 50257 ? Shared.Value.Decode([id]) : null;
}
