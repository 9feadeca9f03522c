using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Plumb.Data;

namespace Plumb.Training.Reference;

/// <summary>
/// What precomputed reference log-probs depend on: the model's files (weights, config, tokenizer), the data
/// file's bytes, and the options that turn records into token ids. Equal fingerprints give equal log-probs.
/// </summary>
/// <param name="ModelHash">SHA-256 over the model directory's weight, config and tokenizer files.</param>
/// <param name="DataHash">SHA-256 over the data file (or every file of a shard directory).</param>
/// <param name="Tokenization">The tokenization options, spelled out as <c>key=value;...</c>.</param>
public sealed record ReferenceFingerprint(string ModelHash, string DataHash, string Tokenization)
{
    private static readonly string[] ModelPatterns =
        ["config.json", "*.safetensors", "*.safetensors.index.json", "tokenizer*.json", "special_tokens_map.json",
         "tokenizer.model", "vocab.json", "merges.txt", "chat_template.jinja"];

    /// <summary>A short key for cache file names: the first 16 hex digits of the hash of all three parts.</summary>
    public string Key => Hex(SHA256.HashData(Encoding.UTF8.GetBytes($"{ModelHash}|{DataHash}|{Tokenization}")))[..16];

    /// <summary>Hashes the model directory and data file, and spells out the tokenization options.</summary>
    /// <exception cref="PlumbException">The model directory or data path does not exist.</exception>
    public static ReferenceFingerprint Compute(string modelDir, string dataPath, DataOptions options) =>
        new(HashModel(modelDir), HashData(dataPath), Describe(options));

    /// <summary>The tokenization options that change token ids, in a fixed order.</summary>
    public static string Describe(DataOptions o)
    {
        var c = o.Columns;
        string roles = string.Join(",", o.Roles.Roles.OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => $"{r.Key}>{r.Value}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"shape={o.Shape};columns={c.Prompt},{c.Chosen},{c.Rejected},{c.Completion},{c.Label};roles={roles};"
            + $"max_length={o.MaxLength};max_prompt_length={o.MaxPromptLength?.ToString() ?? "none"};"
            + $"truncation={o.Truncation};template={o.TemplateName ?? "model"}");
    }

    /// <summary>What differs from <paramref name="expected"/>, one clause each; empty when they match.</summary>
    public IReadOnlyList<string> Differences(ReferenceFingerprint expected)
    {
        var differences = new List<string>();
        if (ModelHash != expected.ModelHash)
            differences.Add("the model's files (weights, config or tokenizer) changed");
        if (DataHash != expected.DataHash)
            differences.Add("the data file's contents changed");
        if (Tokenization != expected.Tokenization)
            differences.Add($"the tokenization options differ (file: {Tokenization}; now: {expected.Tokenization})");
        return differences;
    }

    private static string HashModel(string dir)
    {
        if (!Directory.Exists(dir))
            throw new PlumbException($"{dir}: model directory not found.");
        var files = ModelPatterns.SelectMany(p => Directory.GetFiles(dir, p)).Distinct()
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal);
        return HashFiles(files, dir);
    }

    private static string HashData(string path)
    {
        if (File.Exists(path))
            return HashFiles([path], Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (Directory.Exists(path))
            return HashFiles(Directory.GetFiles(path, "*", SearchOption.AllDirectories)
                .OrderBy(f => f, StringComparer.Ordinal), path);
        throw new PlumbException($"{path}: data file not found.");
    }

    /// <summary>SHA-256 over each file's relative name and bytes, streamed.</summary>
    private static string HashFiles(IEnumerable<string> files, string root)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        foreach (string file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(root, file) + "\0"));
            using var stream = File.OpenRead(file);
            int read;
            while ((read = stream.Read(buffer)) > 0)
                hash.AppendData(buffer, 0, read);
        }
        return Hex(hash.GetHashAndReset());
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
