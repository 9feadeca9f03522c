using System.Diagnostics;
using System.Globalization;
using Plumb.Data;
using Plumb.Models;
using Plumb.Tokenization;
using Plumb.Training;
using Plumb.Training.Reference;
using Plumb.Training.Tasks;
using Spectre.Console;

namespace Plumb.Cli.Commands;

/// <summary>Loads what a checked <see cref="TrainPlan"/> names, trains, and saves the model.</summary>
internal sealed class TrainRun : IDisposable
{
    private readonly TrainPlan _plan;
    private readonly Action<string> _writeLine;
    private readonly IAnsiConsole _console;
    private readonly List<IDisposable> _owned = [];

    private TrainRun(TrainPlan plan, Action<string> writeLine, IAnsiConsole console) =>
        (_plan, _writeLine, _console) = (plan, writeLine, console);

    /// <summary>A run that writes its lines through <paramref name="writeLine"/>.</summary>
    public static TrainRun Prepare(TrainPlan plan, Action<string> writeLine, IAnsiConsole console) =>
        new(plan, writeLine, console);

    /// <summary>Loads data and models, trains, saves; returns the exit code.</summary>
    public int Execute()
    {
        if (_plan.Recipe.Threads is { } threads)
            TorchSharp.torch.set_num_threads(threads);
        var tokenizer = HfTokenizer.Load(_plan.ModelDir);
        var template = ScoreCommand.Template(_plan.ModelDir, tokenizer);
        long padId = ScoreCommand.PadId(tokenizer);
        var options = _plan.Recipe.DataOptions;
        if (_plan.Unpaired is { } unpairedObjective)
        {
            var data = PreferenceDataset.LoadUnpaired(_plan.DataPath, options, tokenizer, template);
            Report(data.Report, data.Train.Count, data.Eval.Count);
            var policy = LoadPolicy();
            var reference = Own(FrozenReference.Load(_plan.ModelDir, _plan.Device));
            _writeLine($"reference: {reference.Description}");
            return Train(policy, new UnpairedTask(policy, unpairedObjective, reference, padId), data.Train, data.Eval);
        }

        var pairs = PreferenceDataset.LoadPairs(_plan.DataPath, options, tokenizer, template);
        Report(pairs.Report, pairs.Train.Count, pairs.Eval.Count);
        if (_plan.Paired!.Info.Name == SftObjectiveName)
        {
            var sftPolicy = LoadPolicy();
            return Train(sftPolicy, new SftTask(sftPolicy, padId), pairs.Train, pairs.Eval);
        }
        var referenceSource = Reference([.. pairs.Train, .. pairs.Eval], padId);
        var model = LoadPolicy();
        var sync = _plan.Recipe.SyncRefModel
            ? new ReferenceSync(_plan.Recipe.RefModelSyncSteps, _plan.Recipe.RefModelMixupAlpha)
            : null;
        var task = new PreferenceTask(model, _plan.Paired, referenceSource, padId, sync);
        return Train(model, task, pairs.Train, pairs.Eval);
    }

    private const string SftObjectiveName = Objectives.SftObjective.Name;

    private void Report(DataReport report, int train, int eval)
    {
        _console.Write(DataCommand.CountsTable(report));
        foreach (string warning in report.Warnings())
            _writeLine($"warning: {warning}");
        _writeLine($"examples: {train} train, {eval} eval");
    }

    private CausalLM LoadPolicy()
    {
        var policy = Own(ModelLoader.Load(_plan.ModelDir, _plan.Device));
        _writeLine(string.Create(CultureInfo.InvariantCulture,
            $"model: {_plan.ModelDir} ({policy.ParameterCount():N0} parameters) on {_plan.Recipe.Device}; "
            + $"loss: {_plan.Paired?.Info.Description ?? _plan.Unpaired!.Info.Description}"));
        return policy;
    }

    /// <summary>The reference source the plan asks for; for precompute, the model is freed before training.</summary>
    private IReferenceLogProbs? Reference(IReadOnlyList<TokenizedPair> pairs, long padId)
    {
        IReferenceLogProbs? reference = _plan.Reference switch
        {
            ReferenceSource.None => null,
            ReferenceSource.Frozen => Own(FrozenReference.Load(_plan.ModelDir, _plan.Device)),
            ReferenceSource.File => PrecomputedReference.Open(_plan.Recipe.RefLogps!, Fingerprint()),
            _ => Precomputed(pairs, padId),
        };
        if (reference is PrecomputedReference precomputed)
            precomputed.CheckCovers(pairs);
        _writeLine($"reference: {reference?.Description ?? "none (the loss is reference-free)"}");
        return reference;
    }

    private ReferenceFingerprint Fingerprint() =>
        ReferenceFingerprint.Compute(_plan.ModelDir, _plan.DataPath, _plan.Recipe.DataOptions);

    private PrecomputedReference Precomputed(IReadOnlyList<TokenizedPair> pairs, long padId)
    {
        var fingerprint = Fingerprint();
        string path = Path.Combine(CacheDir(), "ref-logps", fingerprint.Key + ".jsonl");
        if (File.Exists(path))
        {
            _writeLine($"reference: reusing cached log-probs {path}");
            return PrecomputedReference.Open(path, fingerprint);
        }

        // As TRL: score train and eval once, cache them under the fingerprint, then free the reference model.
        var clock = Stopwatch.StartNew();
        using (var model = ModelLoader.Load(_plan.ModelDir, _plan.Device))
        {
            var scores = ReferenceScorer.Score(model, pairs, _plan.Recipe.PrecomputeRefBatchSize, padId).ToList();
            ReferenceScoreFile.Write(path, fingerprint, _plan.ModelDir, _plan.DataPath, scores);
        }
        _writeLine(string.Create(CultureInfo.InvariantCulture,
            $"reference: scored {pairs.Count} pairs in {clock.Elapsed.TotalSeconds:F1} s, cached at {path}"));
        return PrecomputedReference.Open(path, fingerprint);
    }

    private string CacheDir()
    {
        if (_plan.Recipe.CacheDir is { } dir)
            return dir;
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string root = string.IsNullOrEmpty(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
            : xdg;
        return Path.Combine(root, "plumb");
    }

    private int Train<T>(CausalLM policy, ITrainingTask<T> task, IReadOnlyList<T> train, IReadOnlyList<T> eval)
    {
        string output = _plan.Training.OutputDir;
        var progress = new TrainProgress();
        var observers = RunObservers.Standard(output, _writeLine, progress);
        using var trainer = new Trainer<T>(_plan.Training, policy, task, train, eval, observers,
            PolicyCheckpointer.For(policy, _plan.ModelDir));
        SaveRecipe(output);
        var plan = trainer.Plan;
        _writeLine($"training {plan.TotalSteps} steps ({plan.StepsPerEpoch} per epoch, "
            + $"{_plan.Training.EffectiveBatchSize} examples per step) into {output}");

        var result = WithCtrlC(token => progress.Run(_console, () => trainer.Run(token)));
        if (result.Interrupted)
        {
            _writeLine($"stopped after step {result.CompletedSteps}; checkpoint {result.LastCheckpoint}. Continue "
                + "with the same command and --resume.");
            return 130;
        }

        // The run directory becomes a Hugging Face model: weights, config.json and the tokenizer.
        ModelSaver.Save(policy, output);
        TokenizerFiles.Copy(_plan.ModelDir, output);
        _writeLine($"saved the trained model to {output}; check it with plumb inspect {output}");
        return 0;
    }

    private void SaveRecipe(string output)
    {
        Directory.CreateDirectory(output);
        string path = Path.Combine(output, "run.yaml");
        File.WriteAllText(path + ".tmp", RunRecipeLoader.Describe(_plan.Recipe, _plan.RunKeys, _plan.Training));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>Runs <paramref name="train"/>; the first Ctrl-C asks for a checkpoint and a clean stop.</summary>
    private TrainingResult WithCtrlC(Func<CancellationToken, TrainingResult> train)
    {
        using var stop = new CancellationTokenSource();
        void OnCancel(object? sender, ConsoleCancelEventArgs e)
        {
            // A second Ctrl-C is not intercepted: it ends the process.
            if (stop.IsCancellationRequested)
                return;
            e.Cancel = true;
            stop.Cancel();
            _writeLine("stopping after this step and saving a checkpoint (Ctrl-C again to abort)");
        }
        Console.CancelKeyPress += OnCancel;
        try
        {
            return train(stop.Token);
        }
        finally
        {
            Console.CancelKeyPress -= OnCancel;
        }
    }

    private T Own<T>(T disposable) where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    public void Dispose()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
            owned.Dispose();
    }
}
