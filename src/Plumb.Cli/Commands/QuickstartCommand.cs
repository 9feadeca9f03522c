using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Plumb.Data;
using Plumb.Diagnostics;
using Plumb.Models;
using Plumb.Objectives;
using Plumb.Runtime;
using Plumb.Synthetic;
using Plumb.Tokenization;
using Plumb.Training;
using Plumb.Training.Reference;
using Plumb.Training.Tasks;
using Spectre.Console;
using TorchSharp;

namespace Plumb.Cli.Commands;

/// <summary>
/// <c>plumb quickstart</c>: DPO end to end on the bundled tiny model and preference data, with no download,
/// then a plain account of what changed on held-out pairs.
/// </summary>
internal static class QuickstartCommand
{
    private const string Marker = ".plumb-quickstart";
    private const double Beta = 0.1;
    private const double DefaultLearningRate = 5e-4;

    // Questions whose greedy answers are shown before and after training, one per relation.
    private static readonly string[] ShownQuestions =
        ["What does the cow say?", "Where does the owl live?", "What does the frog eat?"];

    public static Command Create(CliIO io)
    {
        var output = new Option<string>("--output")
        {
            Description = "Run directory: extracted model and data, DPO metrics, plots and the trained model.",
            DefaultValueFactory = _ => Path.Combine("runs", "quickstart"),
        };
        var steps = new Option<int>("--steps")
        {
            Description = "DPO optimizer steps (16 pairs each).",
            DefaultValueFactory = _ => 150,
        };
        var learningRate = new Option<double>("--learning-rate")
        {
            Description = "Peak DPO learning rate (linear decay after 10% warmup).",
            DefaultValueFactory = _ => DefaultLearningRate,
        };
        var device = new Option<string>("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        var assets = new Option<string?>("--assets")
        {
            Description = "Use a directory written by 'plumb dev make-tiny' instead of the bundled files.",
        };
        var command = new Command("quickstart",
            "Run DPO end to end on a bundled tiny model and preference set, and explain what changed.")
        {
            output, steps, learningRate, device, assets,
        };
        command.SetAction(result => Run(io, result.GetValue(output)!,
            new Settings(result.GetValue(steps), result.GetValue(learningRate)),
            result.GetValue(device)!, result.GetValue(assets)));
        return command;
    }

    private static int Run(CliIO io, string output, Settings settings, string deviceName, string? assets)
    {
        if (settings.Steps < 1)
            throw new PlumbException($"--steps is {settings.Steps}; use 1 or more.");
        if (!(settings.LearningRate > 0))
            throw new PlumbException($"--learning-rate is {settings.LearningRate}; use a positive rate such as "
                + "5e-4.");
        var device = Devices.Resolve(deviceName);
        var clock = Stopwatch.StartNew();
        PrepareOutput(output);

        // Tiny models gain nothing from intra-op threads, and lose much of their speed when cores are shared.
        int threads = torch.get_num_threads();
        torch.set_num_threads(1);
        try
        {
            return Quickstart(io, output, settings, device, assets, clock);
        }
        finally
        {
            torch.set_num_threads(threads);
        }
    }

    private static int Quickstart(CliIO io, string output, Settings settings, torch.Device device, string? assets,
        Stopwatch clock)
    {
        io.Out.WriteLine($"Plumb quickstart: DPO on a tiny bundled model, end to end on {device.type}.");
        io.Out.WriteLine();
        var (baseDir, dataDir) = BundledAssets.Extract(output, assets);
        var tokenizer = HfTokenizer.Load(baseDir);
        long padId = tokenizer.Special.PadId ?? 0;

        // Data: the train split trains, the held-out split measures before and after.
        var options = new DataOptions { MaxLength = 96, MaxPromptLength = 48 }.Validate();
        string trainPath = Path.Combine(dataDir, TinyAssets.TrainFile);
        string testPath = Path.Combine(dataDir, TinyAssets.TestFile);
        var train = PreferenceDataset.LoadPairs(trainPath, options, tokenizer);
        var test = PreferenceDataset.LoadPairs(testPath, options, tokenizer);
        var heldOut = InFileOrder(test.Train);
        var kinds = Kinds(testPath, heldOut);
        using var policy = ModelLoader.Load(baseDir, device);
        DescribeStart(io, policy, train.Report, heldOut, kinds, trainPath);

        // Before: the starting model is also the reference, so every reward is 0.
        var prompts = TinyWorld.AllPrompts();
        var before = PairScores.Compute(policy, heldOut, padId);
        double politeBefore = ToneProbe.PoliteShare(policy, tokenizer, prompts, padId);
        var answersBefore = Answers(policy, tokenizer);

        // DPO with TRL's defaults for the loss (sigmoid, beta 0.1) and a learning rate for a model this small.
        string runDir = Path.Combine(output, "dpo");
        var result = Train(io, policy, baseDir, device, padId, train.Train, heldOut, settings, runDir);

        var after = PairScores.Compute(policy, heldOut, padId);
        double politeAfter = ToneProbe.PoliteShare(policy, tokenizer, prompts, padId);
        var answersAfter = Answers(policy, tokenizer);
        string modelDir = SaveModel(policy, baseDir, output);
        var change = HeldOutChange.Compare(before, after, kinds, Beta);

        Explain(io, change, heldOut.Count, (politeBefore, politeAfter), answersBefore.Zip(answersAfter).ToList());
        Where(io, output, modelDir, runDir, result);
        io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"took {clock.Elapsed.TotalSeconds:F0} s in all."));
        if (settings.LearningRate < 1e-3)
            io.Out.WriteLine("Next: rerun with --learning-rate 1e-3 --output runs/quickstart-fast: accuracy still "
                + "looks perfect while displacement wrecks the answers (docs/assets.md).");
        return 0;
    }

    // A quickstart directory may be replaced by the next quickstart; anything else is left alone.
    private static void PrepareOutput(string output)
    {
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
        {
            if (!File.Exists(Path.Combine(output, Marker)))
                throw new PlumbException($"--output {output} is not empty and was not written by quickstart; "
                    + "choose another directory or empty it.");
            Directory.Delete(output, recursive: true);
        }
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, Marker),
            "Written by 'plumb quickstart'; the next quickstart into this directory replaces it.\n");
    }

    private static TrainingResult Train(CliIO io, CausalLM policy, string baseDir, torch.Device device,
        long padId, IReadOnlyList<TokenizedPair> train, IReadOnlyList<TokenizedPair> heldOut, Settings settings,
        string runDir)
    {
        var objective = CompositeObjective.Parse("sigmoid", settings: new ObjectiveSettings { Beta = Beta });
        using var reference = FrozenReference.Load(baseDir, device);
        var task = new PreferenceTask(policy, objective, reference, padId);
        var options = new TrainingOptions
        {
            LearningRate = settings.LearningRate,
            PerDeviceTrainBatchSize = 16,
            PerDeviceEvalBatchSize = 50,
            MaxSteps = settings.Steps,
            WarmupRatio = 0.1,
            LoggingSteps = Math.Max(1, settings.Steps / 10),
            EvalSteps = Math.Max(1, settings.Steps / 3),
            SaveSteps = 0,
            OutputDir = runDir,
        };
        io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"DPO: loss sigmoid, beta {Beta}, {settings.Steps} steps of {options.PerDeviceTrainBatchSize} pairs, "
            + $"learning rate {options.LearningRate:G2} (linear decay), reference = the starting model"));
        // Watch a probe of training pairs for likelihood displacement, as --track-displacement does.
        var diagnostics = TrainingDiagnostics.CreateObserver(policy, train, heldOut, padId,
            warning => io.Out.WriteLine($"warning: {warning}"));
        using var trainer = new Trainer<TokenizedPair>(options, policy, task, train, heldOut,
            RunObservers.Standard(runDir, io.Out.WriteLine, diagnostics));
        var result = trainer.Run();
        RunReport.Build(runDir).Report.Save(Path.Combine(runDir, "report.html"));
        io.Out.WriteLine();
        return result;
    }

    private static List<string> Answers(CausalLM model, ITokenizer tokenizer) =>
        ShownQuestions.Select(q => GreedyDecoder.Complete(model, tokenizer, TinyWorld.Prompt(q))).ToList();

    private static string SaveModel(CausalLM policy, string baseDir, string output)
    {
        string modelDir = Path.Combine(output, "model");
        ModelSaver.Save(policy, modelDir);
        foreach (string file in BundledAssets.TokenizerFiles)
            File.Copy(Path.Combine(baseDir, file), Path.Combine(modelDir, file), overwrite: true);
        return modelDir;
    }

    private static void DescribeStart(CliIO io, CausalLM model, DataReport report,
        IReadOnlyList<TokenizedPair> heldOut, IReadOnlyList<PairKind?> kinds, string trainPath)
    {
        var c = model.Config;
        io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"model: a {c.NumLayers}-layer llama, {model.ParameterCount():N0} parameters, vocabulary "
            + $"{c.VocabSize}, pretrained on a synthetic world of 12 animals (their sounds, homes and food)."));
        io.Out.WriteLine("data:  each chosen answer is polite and true; its rejected twin differs in one place: "
            + "a rude opener, or a false last word.");
        io.Out.WriteLine($"       {trainPath}:");
        Console(io).Write(DataCommand.CountsTable(report));
        io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"       held out: {heldOut.Count} pairs ({kinds.Count(k => k == PairKind.Rude)} rude, "
            + $"{kinds.Count(k => k == PairKind.Wrong)} false)."));
        io.Out.WriteLine();
    }

    private static void Explain(CliIO io, HeldOutChange change, int pairs, (double Before, double After) polite,
        IReadOnlyList<(string Before, string After)> answers)
    {
        var d = change.Displacement;
        var w = io.Out;
        w.WriteLine($"What happened on the {pairs} held-out pairs (log π summed over an answer's tokens, nats):");
        var table = ChangeTable(change);
        table.AddRow("P(polite opener)", Pct(polite.Before), Pct(polite.After), "");
        Console(io).Write(table);
        if (change.ByKind.TryGetValue(PairKind.Rude, out var rude))
            w.WriteLine($"  Tone: before training the model was indifferent to it (it opened politely with "
                + $"probability {Pct(polite.Before)}; a polite answer and its rude twin differed by "
                + $"{Num(rude.MarginBefore)} nats on average). DPO taught it politeness: it now opens politely "
                + $"with probability {Pct(polite.After)}, and prefers the polite twin by {Num(rude.MarginAfter)} "
                + "nats.");
        if (change.ByKind.TryGetValue(PairKind.Wrong, out var wrong))
            w.WriteLine($"  Facts: pretraining already ranked true above false ({Pct(wrong.RankingBefore)}, by "
                + $"{Num(wrong.MarginBefore)} nats); DPO widened that to {Num(wrong.MarginAfter)} nats.");
        w.WriteLine(d.MeanChosenChange < 0
            ? $"  The chosen answers became LESS likely ({Signed(d.MeanChosenChange)} nats on average; "
                + $"{Pct(d.FractionChosenFell)} of pairs lost likelihood) even as the margin grew: that is "
                + "likelihood displacement (Razin et al. 2024), which Plumb's diagnostics are built to catch. DPO "
                + "widened the gap by pushing the rejected answers down faster than the chosen ones."
            : $"  The chosen answers became more likely on average ({Signed(d.MeanChosenChange)} nats; "
                + $"{Pct(d.FractionChosenFell)} of pairs still lost some): no likelihood displacement on average.");
        w.WriteLine("  Greedy answers, before → after:");
        foreach (var (question, (before, after)) in ShownQuestions.Zip(answers))
            w.WriteLine($"    {question,-26}{before.Trim()} → {after.Trim()}");
        w.WriteLine();
    }

    private static Table ChangeTable(HeldOutChange change)
    {
        var d = change.Displacement;
        var table = new Table().AddColumn("held out");
        foreach (string column in new[] { "before", "after", "change" })
            table.AddColumn(new TableColumn(column).RightAligned());
        table.AddRow("chosen ranked first", Pct(change.RankingBefore), Pct(change.RankingAfter), "");
        foreach (var (kind, k) in change.ByKind)
            table.AddRow(kind == PairKind.Rude ? "  vs a rude twin" : "  vs a false twin",
                Pct(k.RankingBefore), Pct(k.RankingAfter), "");
        table.AddRow("reward accuracy", "0%", Pct(change.RewardAccuracy), "");
        table.AddRow("mean log π(chosen)", Num(change.MeanChosenBefore),
            Num(change.MeanChosenBefore + d.MeanChosenChange), Signed(d.MeanChosenChange));
        table.AddRow("mean log π(rejected)", Num(change.MeanRejectedBefore),
            Num(change.MeanRejectedBefore + d.MeanRejectedChange), Signed(d.MeanRejectedChange));
        table.AddRow("mean margin", Num(change.MeanChosenBefore - change.MeanRejectedBefore),
            Num(change.MeanChosenBefore - change.MeanRejectedBefore + d.MeanMarginChange),
            Signed(d.MeanMarginChange));
        return table;
    }

    private static string Pct(double x) => (100 * x).ToString("F0", CultureInfo.InvariantCulture) + "%";

    private static string Num(double x) => x.ToString("F2", CultureInfo.InvariantCulture);

    private static string Signed(double x) => x.ToString("+0.00;-0.00", CultureInfo.InvariantCulture);

    private static void Where(CliIO io, string output, string modelDir, string runDir, TrainingResult result)
    {
        var w = io.Out;
        w.WriteLine("Where things are:");
        w.WriteLine($"  run directory  {output}");
        w.WriteLine($"  trained model  {modelDir} (Hugging Face layout; try: plumb inspect {modelDir})");
        w.WriteLine($"  metrics        {Path.Combine(runDir, "metrics.jsonl")} ({result.History.Count} rows)");
        string plots = Path.Combine(runDir, "plots");
        string[] names = Directory.Exists(plots)
            ? [.. Directory.GetFiles(plots, "*.png").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)]
            : [];
        w.WriteLine($"  plots          {plots} ({string.Join(", ", names)})");
        w.WriteLine($"  report         {Path.Combine(runDir, "report.html")} (curves and displacement diagnostics)");
        w.WriteLine($"  starting model {Path.Combine(output, BundledAssets.ModelFolder)}, data "
            + Path.Combine(output, BundledAssets.DataFolder));
    }

    // The loader shuffles; scoring in file order keeps line numbers and kinds aligned for the reader.
    private static List<TokenizedPair> InFileOrder(IReadOnlyList<TokenizedPair> pairs) =>
        pairs.OrderBy(p => LineOf(p.Id)).ToList();

    private static IReadOnlyList<PairKind?> Kinds(string path, IReadOnlyList<TokenizedPair> pairs)
    {
        var kinds = PairJsonl.ReadKinds(path);
        return pairs.Select(p => kinds.TryGetValue(LineOf(p.Id), out var k) ? k : (PairKind?)null).ToList();
    }

    private static long LineOf(string id) =>
        long.TryParse(id.AsSpan(id.LastIndexOf(':') + 1), NumberStyles.None, CultureInfo.InvariantCulture,
            out long line) ? line : 0;

    private sealed record Settings(int Steps, double LearningRate);

    private static IAnsiConsole Console(CliIO io) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(io.Out),
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
    });
}
