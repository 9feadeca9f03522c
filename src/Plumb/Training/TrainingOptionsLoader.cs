using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Plumb.Training;

/// <summary>Reads <see cref="TrainingOptions"/> from a YAML recipe and the command line; writes them back.</summary>
public static class TrainingOptionsLoader
{
    /// <summary>
    /// Reads the training keys of a YAML recipe over <paramref name="defaults"/>; keys in
    /// <paramref name="keysOwnedElsewhere"/> (model, data, loss settings) are left to their owners.
    /// </summary>
    /// <exception cref="PlumbException">Not a YAML mapping, an unknown key or a malformed value.</exception>
    public static TrainingOptions LoadYaml(
        string path, TrainingOptions? defaults = null, IReadOnlySet<string>? keysOwnedElsewhere = null)
    {
        if (!File.Exists(path))
            throw new PlumbException($"{path}: the recipe file does not exist; check the --config path.");
        var root = ReadRoot(path);
        var options = defaults ?? new TrainingOptions();
        foreach (var (keyNode, valueNode) in root.Children)
        {
            string key = ((YamlScalarNode)keyNode).Value ?? "";
            if (keysOwnedElsewhere?.Contains(key) == true)
                continue;
            string where = $"{path}:{keyNode.Start.Line}";
            if (valueNode is not YamlScalarNode scalar)
                throw new PlumbException($"{where}: '{key}' must be a single value, not a list or mapping.");
            options = Apply(options, key, scalar.Value ?? "", where);
        }
        return options;
    }

    /// <summary>Applies <c>key=value</c> pairs over the options; <c>--max-steps</c> reads as max_steps.</summary>
    /// <exception cref="PlumbException">A key is unknown or a value malformed.</exception>
    public static TrainingOptions Overlay(
        TrainingOptions options, IEnumerable<KeyValuePair<string, string>> values, string source = "command line")
    {
        foreach (var (key, value) in values)
            options = Apply(options, key.TrimStart('-').Replace('-', '_'), value, source);
        return options;
    }

    /// <summary>Writes every key with its resolved value, so a run can be repeated from its directory.</summary>
    public static void Save(TrainingOptions options, string path)
    {
        var text = new StringBuilder("# Resolved training configuration written by plumb.\n");
        foreach (var key in TrainingOptionKeys.All)
            text.Append(key.Name).Append(": ").Append(Quote(key.Print(options))).Append('\n');
        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>Known keys close to <paramref name="key"/>, nearest first.</summary>
    public static IReadOnlyList<string> CloseMatches(string key) =>
        TrainingOptionKeys.All
            .Select(k => (k.Name, Distance: EditDistance(key, k.Name)))
            .Where(m => m.Distance <= Math.Max(2, key.Length / 3) || m.Name.Contains(key) || key.Contains(m.Name))
            .OrderBy(m => m.Distance)
            .Take(3)
            .Select(m => m.Name)
            .ToList();

    private static TrainingOptions Apply(TrainingOptions options, string key, string value, string where)
    {
        var spec = TrainingOptionKeys.Find(key) ?? throw UnknownKey(key, where);
        try
        {
            return spec.Apply(options, value.Trim());
        }
        catch (FormatException)
        {
            throw new PlumbException($"{where}: {key}: '{value}' is not {spec.Expected}.");
        }
    }

    private static PlumbException UnknownKey(string key, string where)
    {
        var close = CloseMatches(key);
        string hint = close.Count > 0
            ? $"Did you mean {string.Join(" or ", close)}?"
            : "Known training keys: " + string.Join(", ", TrainingOptionKeys.All.Select(k => k.Name)) + ".";
        return new PlumbException($"{where}: unknown key '{key}'. {hint} Fix or remove it.");
    }

    /// <summary>The recipe's top-level mapping; an empty mapping for an empty file.</summary>
    internal static YamlMappingNode ReadRoot(string path)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = File.OpenText(path);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new PlumbException($"{path}:{e.Start.Line}: not valid YAML ({e.Message}).", e);
        }
        if (stream.Documents.Count == 0)
            return new YamlMappingNode();
        return stream.Documents[0].RootNode as YamlMappingNode
            ?? throw new PlumbException($"{path}: the recipe must be a mapping of 'key: value' lines.");
    }

    private static string Quote(string? value) => value switch
    {
        null => "null",
        _ when value.Length == 0 || value.IndexOfAny([':', '#', '\'', '"']) >= 0 || value != value.Trim()
            => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'",
        _ => value,
    };

    private static int EditDistance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + cost);
                diagonal = above;
            }
        }
        return row[b.Length];
    }
}
