using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Plumb.Training.Tasks;

/// <summary>
/// Reads a <c>plumb train</c> recipe: run keys (<see cref="RunRecipeKeys"/>) and training keys
/// (<see cref="TrainingOptionKeys"/>) from one YAML file, then the command line over them.
/// </summary>
public static class RunRecipeLoader
{
    /// <summary>Defaults, then the YAML file (when given), then the command-line values, in that order.</summary>
    /// <param name="configPath">A YAML recipe, or null.</param>
    /// <param name="overrides">snake_case key and text value pairs from the command line.</param>
    /// <param name="defaults">The recipe before the file (e.g. with the method verb set).</param>
    /// <exception cref="PlumbException">An unknown key (with the file and line, and the nearest known keys) or a
    /// malformed value.</exception>
    public static (RunRecipe Recipe, TrainingOptions Training, IReadOnlyDictionary<string, string> RunKeys) Load(
        string? configPath, IEnumerable<KeyValuePair<string, string>> overrides, RunRecipe defaults)
    {
        var recipe = defaults;
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        var training = new TrainingOptions();
        if (configPath is not null)
        {
            recipe = ReadRunKeys(configPath, recipe, given);
            training = TrainingOptionsLoader.LoadYaml(configPath, training, RunRecipeKeys.Names);
        }
        var trainingOverrides = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in overrides)
        {
            if (RunRecipeKeys.Find(key) is { } spec)
            {
                recipe = Apply(recipe, spec, value, "command line");
                given[key] = value;
            }
            else
                trainingOverrides.Add(new(key, value));
        }
        training = TrainingOptionsLoader.Overlay(training, trainingOverrides);
        recipe = recipe with { DataOptions = recipe.DataOptions with { Seed = training.Seed } };
        return (recipe, training, given);
    }

    /// <summary>
    /// The resolved run as YAML: the run keys given (file, then command line) with the method and loss made
    /// explicit, then every training key; <c>--config</c> reads it back.
    /// </summary>
    public static string Describe(RunRecipe recipe, IReadOnlyDictionary<string, string> given, TrainingOptions o)
    {
        var values = new Dictionary<string, string>(given, StringComparer.Ordinal)
        {
            ["method"] = recipe.Method,
            ["loss_type"] = recipe.ResolvedLoss,
        };
        var lines = RunRecipeKeys.All.Where(k => values.ContainsKey(k.Name))
            .Select(k => $"{k.Name}: {Quote(values[k.Name])}")
            .Concat(TrainingOptionKeys.All.Select(k => $"{k.Name}: {Quote(k.Print(o) ?? "null")}"));
        return "# Resolved plumb train recipe; rerun with plumb train --config this-file.\n"
            + string.Join("\n", lines) + "\n";
    }

    private static RunRecipe ReadRunKeys(string path, RunRecipe recipe, Dictionary<string, string> given)
    {
        foreach (var (key, value, line) in Entries(path))
        {
            string where = $"{path}:{line}";
            if (RunRecipeKeys.Find(key) is { } spec)
            {
                recipe = Apply(recipe, spec, value, where);
                given[key] = value;
            }
            else if (TrainingOptionKeys.Find(key) is null)
                throw Unknown(key, where);
        }
        return recipe;
    }

    /// <summary>The file's top-level scalar entries with their 1-based line numbers.</summary>
    public static IEnumerable<(string Key, string Value, int Line)> Entries(string path)
    {
        if (!File.Exists(path))
            throw new PlumbException($"{path}: the recipe file does not exist; check the --config path.");
        var root = TrainingOptionsLoader.ReadRoot(path);
        foreach (var (keyNode, valueNode) in root.Children)
        {
            string key = ((YamlScalarNode)keyNode).Value ?? "";
            int line = (int)keyNode.Start.Line;
            if (valueNode is not YamlScalarNode scalar)
                throw new PlumbException($"{path}:{line}: '{key}' must be a single value, not a list or mapping.");
            yield return (key, scalar.Value ?? "", line);
        }
    }

    private static RunRecipe Apply(RunRecipe recipe, RunRecipeKeys.Key spec, string value, string where)
    {
        try
        {
            return spec.Apply(recipe, value.Trim());
        }
        catch (FormatException)
        {
            throw new PlumbException($"{where}: {spec.Name}: '{value}' is not {spec.Expected}.");
        }
        catch (PlumbException e)
        {
            throw new PlumbException($"{where}: {spec.Name}: {e.Message}", e);
        }
    }

    private static PlumbException Unknown(string key, string where)
    {
        var known = RunRecipeKeys.Names.Concat(TrainingOptionKeys.All.Select(k => k.Name)).ToList();
        var close = known.Select(k => (k, Distance: Distance(key, k)))
            .Where(m => m.Distance <= Math.Max(2, key.Length / 3))
            .OrderBy(m => m.Distance).Take(3).Select(m => m.k).ToList();
        string hint = close.Count > 0
            ? $"Did you mean {string.Join(" or ", close)}?"
            : "Known keys: " + string.Join(", ", known) + ".";
        return new PlumbException($"{where}: unknown key '{key}'. {hint} Fix or remove it.");
    }

    private static string Quote(string value) =>
        value.Length == 0 || value.IndexOfAny([':', '#', '\'', '"', ',']) >= 0 || value != value.Trim()
            ? "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'"
            : value;

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }
}
