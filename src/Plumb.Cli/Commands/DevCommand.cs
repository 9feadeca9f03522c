using System.CommandLine;
using System.Globalization;
using Plumb.Synthetic;
using Plumb.Training;

namespace Plumb.Cli.Commands;

/// <summary><c>plumb dev make-tiny</c>: rebuilds the bundled tiny model and preference data from the recipe.</summary>
internal static class DevCommand
{
    public static Command Create(CliIO io)
    {
        var output = new Option<string>("--out")
        {
            Description = "Assets directory to write tiny/ and preferences/ into.",
            DefaultValueFactory = _ => "assets",
        };
        var runDir = new Option<string>("--run-dir")
        {
            Description = "Pretraining run directory (config, metrics, plots, checkpoint).",
            DefaultValueFactory = _ => Path.Combine("runs", "make-tiny"),
        };
        var steps = new Option<int?>("--steps") { Description = "Pretraining steps (default: the recipe's)." };
        var makeTiny = new Command("make-tiny",
            "Rebuild the bundled tiny Llama, its tokenizer and the preference splits, deterministically.")
        {
            output, runDir, steps,
        };
        makeTiny.SetAction(result => MakeTiny(
            io, result.GetValue(output)!, result.GetValue(runDir)!, result.GetValue(steps)));
        return new Command("dev", "Tools for Plumb's developers.") { makeTiny };
    }

    private static int MakeTiny(CliIO io, string output, string runDir, int? steps)
    {
        var recipe = new TinyRecipe();
        if (steps is { } s)
            recipe = recipe with { PretrainSteps = s };
        if (Directory.Exists(runDir))
            throw new PlumbException($"--run-dir {runDir} already exists; delete it or choose another, so that "
                + "this run's metrics are not mixed with an earlier one's.");

        io.Out.WriteLine($"pretraining a {recipe.Layers}-layer llama (hidden {recipe.HiddenSize}) on "
            + $"{recipe.CorpusDocuments} synthetic documents for {recipe.PretrainSteps} steps");
        var observers = RunObservers.Standard(runDir, io.Out.WriteLine);

        // One intra-op thread: a model this small gains nothing from more and loses much on shared cores.
        int threads = TorchSharp.torch.get_num_threads();
        TorchSharp.torch.set_num_threads(1);
        TinyAssetsResult built;
        try
        {
            built = TinyAssets.Build(output, recipe, runDir, observers);
        }
        finally
        {
            TorchSharp.torch.set_num_threads(threads);
        }
        io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {built.ModelDir}: {built.Parameters:N0} parameters, vocabulary {built.VocabSize}, "
            + $"final pretraining loss {built.FinalLoss:F3}"));
        io.Out.WriteLine($"wrote {built.DataDir}: {TinyAssets.TrainFile} ({recipe.TrainPairs} pairs), "
            + $"{TinyAssets.TestFile} ({recipe.TestPairs} pairs)");
        io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"took {built.Elapsed.TotalSeconds:F0} s; pretraining run in {runDir}"));
        return 0;
    }
}
