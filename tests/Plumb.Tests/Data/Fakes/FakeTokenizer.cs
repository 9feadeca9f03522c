using System.Text;
using Plumb.Tokenization;

namespace Plumb.Tests.Data.Fakes;

/// <summary>One id per character (code + 100), "&lt;s&gt;" = 1 and "&lt;/s&gt;" = 2: easy ids to write.</summary>
internal sealed class FakeTokenizer(bool addBos = true, bool hasBos = true) : ITokenizer
{
    public const int Bos = 1;
    public const int Eos = 2;
    public const int Offset = 100;

    public int VocabSize => 70_000;

    public SpecialTokens Special { get; } = new(hasBos ? Bos : null, Eos, null, addBos)
    {
        BosToken = "<s>",
        EosToken = "</s>",
    };

    public int[] Encode(string text)
    {
        var ids = new List<int>();
        for (int i = 0; i < text.Length; i++)
        {
            if (string.CompareOrdinal(text, i, "<s>", 0, 3) == 0) { ids.Add(Bos); i += 2; }
            else if (string.CompareOrdinal(text, i, "</s>", 0, 4) == 0) { ids.Add(Eos); i += 3; }
            else ids.Add(text[i] + Offset);
        }
        return [.. ids];
    }

    public string Decode(IEnumerable<int> ids)
    {
        var text = new StringBuilder();
        foreach (int id in ids)
            text.Append(IdToToken(id));
        return text.ToString();
    }

    public string? IdToToken(int id) => id switch
    {
        Bos => "<s>",
        Eos => "</s>",
        >= Offset => ((char)(id - Offset)).ToString(),
        _ => null,
    };

    /// <summary>The ids of plain text, for expected values.</summary>
    public static int[] Ids(string text) => [.. text.Select(c => c + Offset)];
}
