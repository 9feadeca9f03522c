using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Plumb.Data;
using Plumb.Models;
using Plumb.Runtime;
using Plumb.Templating;
using Plumb.Tokenization;
using Plumb.Training.Reference;
using Plumb.Training.Tasks;

namespace Plumb.Cli.Commands;

/// <summary>
/// <c>plumb score --model M --data FILE --out FILE</c>: each pair's summed chosen and rejected log-probs and token
/// counts as JSONL behind a fingerprint header, for <c>plumb train --ref-logps</c>.
/// </summary>
internal static class ScoreCommand
{
    /// <summary>The data keys both score and train accept, so their fingerprints agree.</summary>
    internal static readonly string[] DataKeys =
        ["max_length", "max_prompt_length", "truncation_mode", "columns", "roles", "shape", "skip_invalid"];

    public static Command Create(CliIO io)
    {
        var model = new Option<string>("--model") { Description = "Model directory.", Required = true };
        var data = new Option<string>("--data") { Description = "Preference data file.", Required = true };
        var output = new Option<string>("--out") { Description = "The JSONL file to write.", Required = true };
        var batchSize = new Option<int>("--batch-size") { Description = "Pairs per pass.", DefaultValueFactory = _ => 8 };
        var device = new Option<string>("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        var dataOptions = DataKeys.Select(KeyOption).ToList();
        var command = new Command("score", "Write each pair's reference log-probs for plumb train --ref-logps.")
        {
            model, data, output, batchSize, device,
        };
        foreach (var option in dataOptions)
            command.Options.Add(option);
        command.SetAction(result => Run(io, result.GetValue(model)!, result.GetValue(data)!,
            result.GetValue(output)!, result.GetValue(batchSize), result.GetValue(device)!,
            Given(result, dataOptions)));
        return command;
    }

    /// <summary>An option for a snake_case recipe key, spelled --kebab-case; flags take no value.</summary>
    internal static Option KeyOption(string key)
    {
        string name = "--" + key.Replace('_', '-');
        var spec = RunRecipeKeys.Find(key);
        return spec is { IsFlag: true }
            ? new Option<bool>(name) { Description = $"Recipe key {key}." }
            : new Option<string?>(name) { Description = $"Recipe key {key} ({spec?.Expected ?? "a value"})." };
    }

    /// <summary>The snake_case keys and text values of the options given on the command line.</summary>
    internal static List<KeyValuePair<string, string>> Given(ParseResult result, IEnumerable<Option> options)
    {
        var given = new List<KeyValuePair<string, string>>();
        foreach (var option in options)
        {
            if (result.GetResult(option) is not { Implicit: false } found)
                continue;
            string key = option.Name.TrimStart('-').Replace('-', '_');
            string value = option is Option<bool> flag
                ? result.GetValue(flag).ToString(CultureInfo.InvariantCulture).ToLowerInvariant()
                : found.Tokens.Count > 0 ? found.Tokens[^1].Value : "";
            given.Add(new(key, value));
        }
        return given;
    }

    private static int Run(CliIO io, string modelDir, string dataPath, string outPath, int batchSize,
        string deviceName, List<KeyValuePair<string, string>> dataKeys)
    {
        // Everything is checked before the model is read: options, model files, data, device.
        var (recipe, _, _) = RunRecipeLoader.Load(null, dataKeys, new RunRecipe());
        var options = recipe.DataOptions.Validate();
        ModelLoader.Check(modelDir);
        var device = Devices.Resolve(deviceName);
        var fingerprint = ReferenceFingerprint.Compute(modelDir, dataPath, options);
        var tokenizer = HfTokenizer.Load(modelDir);
        var dataset = PreferenceDataset.LoadPairs(dataPath, options, tokenizer, Template(modelDir, tokenizer));
        var pairs = dataset.Train.Concat(dataset.Eval).ToList();

        var clock = Stopwatch.StartNew();
        using var model = ModelLoader.Load(modelDir, device);
        var scores = ReferenceScorer.Score(model, pairs, batchSize, PadId(tokenizer)).ToList();
        ReferenceScoreFile.Write(outPath, fingerprint, modelDir, dataPath, scores);
        double seconds = clock.Elapsed.TotalSeconds;
        io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"scored {scores.Count} pairs in {seconds:F1} s ({scores.Count / Math.Max(seconds, 1e-9):F1} pairs/s); "
            + $"wrote {outPath} (fingerprint {fingerprint.Key})"));
        return 0;
    }

    /// <summary>The id batches are padded with: the model's pad token, else EOS (as TRL), else 0.</summary>
    internal static long PadId(ITokenizer tokenizer) => tokenizer.Special.PadId ?? tokenizer.Special.EosId ?? 0;

    // TODO(#3): render conversations with the model's chat template (Plumb.Templating) once it is merged;
    // until then conversational data stops with the data layer's "needs a chat template" error.
    internal static IChatTemplate? Template(string modelDir, ITokenizer tokenizer) => null;
}
