using System.Globalization;
using System.Text;

namespace Plumb.Tokenization;

/// <summary>The ByteFallback decoder: runs of <c>&lt;0xNN&gt;</c> tokens become the text their bytes spell.</summary>
internal sealed class ByteFallbackDecoder : TokenDecoder
{
    private static readonly UTF8Encoding Strict = new(false, throwOnInvalidBytes: true);

    public override List<string> Apply(List<string> tokens, bool atStart)
    {
        var output = new List<string>(tokens.Count);
        var pending = new List<byte>();
        foreach (string token in tokens)
        {
            if (TryParseByte(token, out byte b)) { pending.Add(b); continue; }
            Flush(pending, output);
            output.Add(token);
        }
        Flush(pending, output);
        return output;
    }

    private static void Flush(List<byte> pending, List<string> output)
    {
        if (pending.Count == 0) return;
        try
        {
            output.Add(Strict.GetString([.. pending]));
        }
        catch (DecoderFallbackException)
        {
            // As Hugging Face does: bytes that are not valid UTF-8 become one U+FFFD each.
            output.Add(new string('\uFFFD', pending.Count));
        }
        pending.Clear();
    }

    private static bool TryParseByte(string token, out byte value)
    {
        value = 0;
        return token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal) && token[5] == '>'
            && byte.TryParse(token.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out value);
    }
}
