using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Plumb.Data;
using Plumb.Models;
using Plumb.Models.Lora;
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
    private readonly DisplacementTracking? _tracking;
    private (ITokenizer Tokenizer, long PadId) _tokens;
    private LoraModel? _lora;

    private TrainRun(TrainPlan plan, Action<string> writeLine, IAnsiConsole console,
        DisplacementTracking? tracking)
    {
        (_plan, _writeLine, _console, _tracking) = (plan, writeLine, console, tracking);
    }

    /// <summary>A run that writes its lines through <paramref name="writeLine"/>.</summary>
    public static TrainRun Prepare(TrainPlan plan, Action<string> writeLine, IAnsiConsole console,
        DisplacementTracking? tracking = null) => new(plan, writeLine, console, tracking);

    /// <summary>Loads data and models, trains, saves; returns the exit code.</summary>
    public int Execute()
    {
        if (_plan.Recipe.Threads is { } threads)
            TorchSharp.torch.set_num_threads(threads);
        var tokenizer = HfTokenizer.Load(_plan.ModelDir);
        var options = _plan.Recipe.DataOptions;
        var template = ScoreCommand.Template(_plan.ModelDir, tokenizer, options);
        long padId = ScoreCommand.PadId(tokenizer);
        _tokens = (tokenizer, padId);
        if (_plan.Unpaired is { } unpairedObjective)
        {
            var data = PreferenceDataset.LoadUnpaired(_plan.DataPath, options, tokenizer, template);
            Report(data.Report, data.Train.Count, data.Eval.Count);
            var policy = LoadPolicy();
            IReferenceLogProbs reference = _lora is not null
                ? new AdapterOffReference(_lora)
                : Own(FrozenReference.Load(_plan.ModelDir, _plan.Device));
            _writeLine($"reference: {reference.Description}");
            return Train(policy, new UnpairedTask(policy, unpairedObjective, reference, padId), data.Train, data.Eval);
        }

        if (RunMethods.IsReward(_plan.Recipe.Method))
            RefuseMargins();
        var pairs = PreferenceDataset.LoadPairs(_plan.DataPath, options, tokenizer, template);
        Report(pairs.Report, pairs.Train.Count, pairs.Eval.Count);
        if (RunMethods.IsReward(_plan.Recipe.Method))
        {
            var rewardModel = LoadRewardModel(padId);
            var rewardTask = new RewardTask(rewardModel, padId, _plan.Recipe.CenterRewardsCoefficient);
            return Train(rewardModel, rewardTask, pairs.Train, pairs.Eval);
        }
        if (_plan.Paired!.Info.Name == SftObjectiveName)
        {
            var sftPolicy = LoadPolicy();
            return Train(sftPolicy, new SftTask(sftPolicy, padId), pairs.Train, pairs.Eval);
        }
        // With LoRA the reference is the policy itself, so it loads first; otherwise the reference does, so a
        // precomputing model is freed before the policy exists.
        bool adapterOff = _plan.Reference == ReferenceSource.AdapterOff;
        var model = adapterOff ? LoadPolicy() : null;
        var referenceSource = Reference([.. pairs.Train, .. pairs.Eval], padId);
        model ??= LoadPolicy();
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
        // Whether the data fills a step is known now, before any model is read.
        TrainingPlan.Create(_plan.Training, train, eval);
    }

    // TRL subtracts a per-pair margin column inside the sigmoid; ignoring one would quietly train another loss.
    private void RefuseMargins()
    {
        var withMargin = Data.Sources.RecordSource.Read(_plan.DataPath)
            .FirstOrDefault(r => r.Error is null && r.Fields.ContainsKey("margin"));
        if (withMargin is not null)
            throw new PlumbException($"{withMargin.Origin}: the data has a 'margin' column, which TRL's "
                + "RewardTrainer subtracts from each pair's reward difference; plumb train reward does not use "
                + "per-pair margins yet. Remove the column (or map another name with --columns) to train without it.");
    }

    private CausalLM LoadRewardModel(long padId)
    {
        // The new score head draws from torch's generator: seed it, so a recipe reruns to the same head.
        TorchSharp.torch.manual_seed(_plan.Training.Seed);
        var model = Own(ModelLoader.LoadRewardModel(_plan.ModelDir, _plan.Device, (int)padId));
        double center = _plan.Recipe.CenterRewardsCoefficient;
        string centred = center > 0 ? string.Create(CultureInfo.InvariantCulture, $", centred with {center}") : "";
        _writeLine(string.Create(CultureInfo.InvariantCulture,
            $"model: {_plan.ModelDir} as a reward model ({model.ParameterCount():N0} parameters, "
            + $"{model.Config.Architecture}) on {_plan.Recipe.Device}; loss: {RunMethods.RewardLoss}{centred}"));
        model.CheckpointActivations = _plan.Recipe.GradientCheckpointing;
        return model;
    }

    private CausalLM LoadPolicy()
    {
        var policy = Own(ModelLoader.Load(_plan.ModelDir, _plan.Device));
        _writeLine(string.Create(CultureInfo.InvariantCulture,
            $"model: {_plan.ModelDir} ({policy.ParameterCount():N0} parameters) on {_plan.Recipe.Device}; "
            + $"loss: {_plan.Paired?.Info.Description ?? _plan.Unpaired!.Info.Description}"));
        policy.CheckpointActivations = _plan.Recipe.GradientCheckpointing;
        if (_plan.Recipe.UsePeft)
        {
            // A's initialisation draws from torch's generator: seed it, so a recipe reruns to the same adapters.
            TorchSharp.torch.manual_seed(_plan.Training.Seed);
            _lora = LoraModel.Attach(policy, _plan.Recipe.Lora);
            var o = _lora.Options;
            _writeLine(string.Create(CultureInfo.InvariantCulture,
                $"lora: r {o.Rank}, alpha {o.Alpha}, dropout {o.Dropout} on {string.Join(",", _lora.Targets)}; "
                + $"{_lora.TrainableParameterCount():N0} trainable parameters"));
        }
        return policy;
    }

    /// <summary>The reference source the plan asks for; for precompute, the model is freed before training.</summary>
    private IReferenceLogProbs? Reference(IReadOnlyList<TokenizedPair> pairs, long padId)
    {
        IReferenceLogProbs? reference = _plan.Reference switch
        {
            ReferenceSource.None => null,
            ReferenceSource.Frozen => Own(FrozenReference.Load(_plan.ModelDir, _plan.Device)),
            ReferenceSource.AdapterOff => new AdapterOffReference(_lora!),
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
        // --track-displacement: its warnings go through the run's own warning channel.
        CompositeObserver? observers = null;
        ITrainingObserver[] tracking = _tracking is null ? [] : [_tracking.Observer(policy, train, eval,
            _tokens.PadId, _tokens.Tokenizer, _plan.Training.Seed, message => observers!.OnWarning(message))];
        observers = RunObservers.Standard(output, _writeLine, [progress, .. tracking]);
        using var trainer = new Trainer<T>(_plan.Training, policy, task, train, eval, observers,
            _lora is null
                ? PolicyCheckpointer.For(policy, _plan.ModelDir)
                : AdapterCheckpointer.For(_lora, _plan.ModelDir));
        SaveRecipe(output);
        var plan = trainer.Plan;
        _writeLine($"training {plan.TotalSteps} steps ({plan.StepsPerEpoch} per epoch, "
            + $"{_plan.Training.EffectiveBatchSize} examples per step) into {output}");

        var result = WithCtrlC(token => progress.Run(_console, () => trainer.Run(token)));
        if (result.Interrupted)
        {
            _writeLine($"stopped on Ctrl-C after step {result.CompletedSteps}; saved {result.LastCheckpoint}. "
                + "Continue with the same command and --resume (a second Ctrl-C ends at once).");
            return 130;
        }

        // The run directory becomes a Hugging Face model: weights, config.json and the tokenizer.
        SaveModel(policy, output);
        TokenizerFiles.Copy(_plan.ModelDir, output);
        _writeLine($"saved the trained model to {output}; check it with plumb inspect {output}");
        return 0;
    }

    /// <summary>The weights at <paramref name="output"/>; a LoRA run merges its adapters into them and keeps
    /// the adapters alone, in PEFT's layout, in <c>adapter/</c>.</summary>
    private void SaveModel(CausalLM policy, string output)
    {
        if (_lora is null)
        {
            ModelSaver.Save(policy, output);
            return;
        }
        LoraSaver.SaveMerged(_lora, output);
        string adapter = Path.Combine(output, "adapter");
        LoraSaver.SaveAdapters(_lora, adapter, _plan.ModelDir);
        _writeLine($"saved the LoRA adapters to {adapter} and merged them into the model at {output}");
    }

    private void SaveRecipe(string output)
    {
        Directory.CreateDirectory(output);
        string path = Path.Combine(output, "run.yaml");
        File.WriteAllText(path + ".tmp", RunRecipeLoader.Describe(_plan.Recipe, _plan.RunKeys, _plan.Training));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>Runs <paramref name="train"/>; the first Ctrl-C asks for a checkpoint and a clean stop.</summary>
    private static TrainingResult WithCtrlC(Func<CancellationToken, TrainingResult> train)
    {
        using var stop = new CancellationTokenSource();
        // Ctrl-C (SIGINT, as Console.CancelKeyPress sees it) only sets a flag: the handler runs on another thread,
        // and the loop stops after the current step and saves a checkpoint.
        using var signal = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            // A second Ctrl-C is not intercepted: it ends the process.
            if (stop.IsCancellationRequested)
                return;
            context.Cancel = true;
            stop.Cancel();
        });
        return train(stop.Token);
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
