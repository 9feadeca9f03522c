using System.Text;
using System.Text.Json;

namespace Plumb.Tokenization;

/// <summary>One <c>decoder</c> of a <c>tokenizer.json</c>: turns a run of token strings back into text.</summary>
internal abstract class TokenDecoder
{
    private const string Supported = "Sequence, ByteLevel, Replace, ByteFallback, Fuse, Strip, Metaspace";

    /// <summary>
    /// Decodes one run of model tokens; <paramref name="atStart"/> says the encoder prepended a space marker
    /// to the text this run came from, so that a decoder that strips one may do so.
    /// </summary>
    public abstract List<string> Apply(List<string> tokens, bool atStart);

    /// <summary>Reads a decoder, or returns null for a JSON null.</summary>
    public static TokenDecoder? Parse(JsonElement? json, string file, string path)
    {
        if (json is not { } node) return null;
        string type = JsonFields.RequireString(node, "type", file, path);
        return type switch
        {
            "Sequence" => new SequenceDecoder(ParseList(node, file, path)),
            "ByteLevel" => new ByteLevelDecoder(),
            "Replace" => new ReplaceDecoder(Pattern.Parse(node, file, path),
                JsonFields.RequireString(node, "content", file, path)),
            "ByteFallback" => new ByteFallbackDecoder(),
            "Fuse" => new FuseDecoder(),
            "Strip" => new StripDecoder(ReadChar(node, file, path), JsonFields.Int(node, "start", 0),
                JsonFields.Int(node, "stop", 0)),
            "Metaspace" => new MetaspaceDecoder(MetaspacePreTokenizer.ReadReplacement(node, file, path),
                MetaspacePreTokenizer.ReadScheme(node, file, path)),
            _ => throw JsonFields.Error(file, $"{path}.type",
                $"is '{type}', which Plumb does not support; supported decoders: {Supported}"),
        };
    }

    private static char ReadChar(JsonElement node, string file, string path)
    {
        string content = JsonFields.RequireString(node, "content", file, path);
        return content.Length == 1 ? content[0]
            : throw JsonFields.Error(file, $"{path}.content", $"is '{content}'; it must be one character");
    }

    private static List<TokenDecoder> ParseList(JsonElement node, string file, string path)
    {
        if (JsonFields.Get(node, "decoders") is not { ValueKind: JsonValueKind.Array } items)
            throw JsonFields.Error(file, $"{path}.decoders", "is missing or not a list");
        var list = new List<TokenDecoder>();
        int i = 0;
        foreach (var item in items.EnumerateArray()) list.Add(Parse(item, file, $"{path}.decoders[{i++}]")!);
        return list;
    }

    private sealed class SequenceDecoder(List<TokenDecoder> steps) : TokenDecoder
    {
        public override List<string> Apply(List<string> tokens, bool atStart) =>
            steps.Aggregate(tokens, (t, step) => step.Apply(t, atStart));
    }

    private sealed class ByteLevelDecoder : TokenDecoder
    {
        public override List<string> Apply(List<string> tokens, bool atStart)
        {
            var bytes = new List<byte>();
            foreach (string token in tokens)
            {
                // A token outside the byte alphabet (an added token, say) contributes its own UTF-8 bytes.
                if (token.All(ByteLevelAlphabet.CharToByte.ContainsKey))
                    foreach (char c in token) bytes.Add(ByteLevelAlphabet.CharToByte[c]);
                else bytes.AddRange(Encoding.UTF8.GetBytes(token));
            }
            return [Encoding.UTF8.GetString([.. bytes])];
        }
    }

    private sealed class ReplaceDecoder(Pattern pattern, string content) : TokenDecoder
    {
        public override List<string> Apply(List<string> tokens, bool atStart) =>
            [.. tokens.Select(t => pattern.Replace(t, content))];
    }

    private sealed class FuseDecoder : TokenDecoder
    {
        public override List<string> Apply(List<string> tokens, bool atStart) => [string.Concat(tokens)];
    }

    private sealed class StripDecoder(char content, int start, int stop) : TokenDecoder
    {
        // Leading characters are stripped only where the encoder prepended one.
        public override List<string> Apply(List<string> tokens, bool atStart) =>
            [.. tokens.Select(t => Strip(t, atStart ? start : 0))];

        private string Strip(string token, int start)
        {
            int left = 0;
            while (left < start && left < token.Length && token[left] == content) left++;
            int right = token.Length;
            while (token.Length - right < stop && right > left && token[right - 1] == content) right--;
            return token[left..right];
        }
    }

    private sealed class MetaspaceDecoder(char replacement, PrependScheme scheme) : TokenDecoder
    {
        public override List<string> Apply(List<string> tokens, bool atStart)
        {
            bool strip = scheme != PrependScheme.Never && atStart;
            var output = new List<string>(tokens.Count);
            for (int i = 0; i < tokens.Count; i++)
            {
                string text = tokens[i].Replace(replacement, ' ');
                output.Add(i == 0 && strip && text.StartsWith(' ') ? text[1..] : text);
            }
            return output;
        }
    }
}
