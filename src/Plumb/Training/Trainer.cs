using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Plumb.Training;

/// <summary>
/// The training loop every objective runs on: seeded data order, gradient accumulation, clipping, schedules,
/// logging, evaluation, atomic checkpoints and exact resume. The objective plugs in as an
/// <see cref="ITrainingTask{TExample}"/>; all the user sees goes through an <see cref="ITrainingObserver"/>.
/// </summary>
public sealed class Trainer<TExample> : IDisposable
{
    private readonly TrainingOptions _options;
    private readonly nn.Module _model;
    private readonly ITrainingTask<TExample> _task;
    private readonly IReadOnlyList<TExample> _train;
    private readonly IReadOnlyList<TExample> _eval;
    private readonly ITrainingObserver _observer;
    private readonly ModelCheckpointer _checkpointer;
    private readonly CheckpointStore _store;
    private readonly DataOrder _order;
    private readonly MetricsAccumulator _metrics = new();
    private readonly List<MetricsRecord> _history = [];
    private readonly Stopwatch _intervalClock = new();
    private OptimizerHelper? _optimizer;
    private List<Parameter> _parameters = [];
    private long _intervalTokens;
    private double _lastGradNorm;
    private double _lastLearningRate;
    private int _lastSavedStep = -1;
    private string? _lastCheckpoint;
    private readonly string? _resumeFrom;
    private readonly TrainerState? _resumeState;

    /// <summary>Validates the options and plans the run; allocates no tensor.</summary>
    /// <exception cref="PlumbException">The options are invalid or the data cannot fill one step.</exception>
    public Trainer(
        TrainingOptions options,
        nn.Module model,
        ITrainingTask<TExample> task,
        IReadOnlyList<TExample> train,
        IReadOnlyList<TExample>? eval = null,
        ITrainingObserver? observer = null,
        ModelCheckpointer? checkpointer = null)
    {
        TrainingOptionsValidator.Validate(options);
        Plan = TrainingPlan.Create(options, train.Count, eval?.Count ?? 0);
        (_options, _model, _task, _train) = (options, model, task, train);
        _eval = eval ?? [];
        _observer = observer ?? new NullObserver();
        _checkpointer = checkpointer ?? ModelCheckpointer.Safetensors(model);
        _store = new CheckpointStore(options.OutputDir);
        _order = new DataOrder(train.Count, options.Seed);
        _resumeFrom = options.ResumeFromCheckpoint is { } spec ? _store.Resolve(spec) : null;
        if (_resumeFrom is not null)
        {
            _resumeState = TrainerState.Load(Path.Combine(_resumeFrom, CheckpointStore.StateFile));
            CheckResumable(_resumeFrom, _resumeState);
        }
        else if (_store.Latest() is { } stale)
            throw new PlumbException($"output_dir {options.OutputDir} already holds checkpoints of an earlier run "
                + $"({Path.GetFileName(stale)}); continue it with resume_from_checkpoint: latest, "
                + "or choose another output_dir, or delete them.");
    }

    /// <summary>The run's shape: steps per epoch, total steps, the schedule.</summary>
    public TrainingPlan Plan { get; private set; }

    /// <summary>Trains until the planned step count, or until <paramref name="cancellation"/> fires.</summary>
    /// <exception cref="PlumbException">A loss or gradient became NaN or infinite.</exception>
    public TrainingResult Run(CancellationToken cancellation = default)
    {
        int step = Prepare();
        _observer.OnStart(Plan);
        if (Plan.ExamplesLeftOutPerEpoch > 0)
            _observer.OnWarning($"{Plan.ExamplesLeftOutPerEpoch} of {Plan.TrainExamples} examples do not fill "
                + "a whole optimizer step and are left out of each epoch (a different few each epoch).");

        _model.train();
        _intervalClock.Restart();
        while (step < Plan.TotalSteps)
        {
            if (cancellation.IsCancellationRequested)
                return Finish(step, interrupted: true);
            TrainOneStep(step);
            step++;
            _observer.OnStep(step, Plan.TotalSteps);
            AfterStep(step);
        }
        return Finish(step, interrupted: false);
    }

    private int Prepare()
    {
        Directory.CreateDirectory(_options.OutputDir);
        TrainingOptionsLoader.Save(_options, Path.Combine(_options.OutputDir, "config.yaml"));
        torch.manual_seed(_options.Seed);
        _parameters = _model.parameters().Where(p => p.requires_grad).ToList();
        _optimizer = OptimizerFactory.Create(_model, _options);
        int start = _resumeFrom is null ? 0 : Resume(_resumeFrom);
        Plan = Plan with { StartStep = start };
        return start;
    }

    private void TrainOneStep(int completed)
    {
        int[] indices = _order.ForStep(completed, Plan.StepsPerEpoch, _options.EffectiveBatchSize);

        // One scope for the whole optimizer step: every micro-batch's activations die together at its end.
        using var scope = torch.NewDisposeScope();
        var perExample = MicroBatches(indices).Select(ForwardBackward).ToList();
        var losses = torch.cat(perExample, 0);

        // One host sync per step: the loss (for the NaN guard), besides the norm that clipping returns anyway.
        double loss = losses.sum().item<double>() / _options.EffectiveBatchSize;
        double gradNorm = nn.utils.clip_grad_norm_(_parameters, ClipThreshold);
        if (!double.IsFinite(loss) || !double.IsFinite(gradNorm))
            throw NonFinite(completed + 1, indices, losses, loss, gradNorm);

        _lastLearningRate = Plan.Schedule.At(completed);
        _lastGradNorm = gradNorm;
        OptimizerFactory.SetLearningRate(_optimizer!, _lastLearningRate);
        _optimizer!.step();
        _optimizer.zero_grad();
        _task.AfterOptimizerStep(completed + 1);
    }

    private double ClipThreshold => _options.MaxGradNorm > 0 ? _options.MaxGradNorm : double.PositiveInfinity;

    private IEnumerable<List<TExample>> MicroBatches(int[] indices) =>
        indices.Chunk(_options.PerDeviceTrainBatchSize).Select(c => c.Select(i => _train[i]).ToList());

    private Tensor ForwardBackward(List<TExample> batch)
    {
        var output = _task.Forward(batch);
        if (!output.Losses.shape.SequenceEqual([batch.Count]))
            throw new InvalidOperationException($"{_task.GetType().Name}.Forward returned losses of shape "
                + $"[{string.Join(", ", output.Losses.shape)}]; it must return one loss per example: "
                + $"[{batch.Count}].");

        // Each example weighs 1/(examples per optimizer step), so k micro-batches sum to the full-batch mean.
        var loss = output.Losses.sum() / _options.EffectiveBatchSize;
        loss.backward();

        _metrics.Add("loss", output.Losses, batch.Count);
        foreach (var (key, value) in output.Metrics)
            _metrics.Add(key, value, batch.Count);
        _intervalTokens += output.Tokens;
        return output.Losses.detach().to(ScalarType.Float64);
    }

    private void AfterStep(int step)
    {
        bool last = step == Plan.TotalSteps;
        if (step % _options.LoggingSteps == 0 || last)
            Log(step);
        if (_eval.Count > 0 && (step % _options.ResolvedEvalSteps == 0 || last))
            Evaluate(step);
        if ((_options.SaveSteps > 0 && step % _options.SaveSteps == 0) || last)
            SaveCheckpoint(step);
    }

    private void Log(int step)
    {
        var means = _metrics.TakeMeans();
        double seconds = Math.Max(_intervalClock.Elapsed.TotalSeconds, 1e-9);
        // loss and task metrics are interval means; grad_norm is the last step's pre-clip norm (as HF logs it);
        // learning_rate is the rate the last step used (HF logs the one the next step will use).
        var values = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["loss"] = means.GetValueOrDefault("loss", double.NaN),
            ["grad_norm"] = _lastGradNorm,
            ["learning_rate"] = _lastLearningRate,
        };
        foreach (var (key, value) in means.Where(m => m.Key != "loss"))
            values[key] = value;
        values["epoch"] = (double)step / Plan.StepsPerEpoch;
        values["tokens_per_second"] = _intervalTokens / seconds;
        // TODO(#6): report the accelerator's peak memory when training on CUDA; this is the process's RSS peak.
        using (var process = Process.GetCurrentProcess())
            values["peak_memory_mb"] = process.PeakWorkingSet64 / (1024.0 * 1024.0);
        Record(new MetricsRecord(step, Plan.TotalSteps, values), _observer.OnLog);
        _intervalTokens = 0;
        _intervalClock.Restart();
    }

    private void Evaluate(int step)
    {
        var clock = Stopwatch.StartNew();
        _model.eval();
        using var accumulator = new MetricsAccumulator();
        using (torch.no_grad())
        {
            foreach (var chunk in _eval.Chunk(_options.PerDeviceEvalBatchSize))
            {
                using var scope = torch.NewDisposeScope();
                var output = _task.Evaluate(chunk);
                accumulator.Add("loss", output.Losses, chunk.Length);
                foreach (var (key, value) in output.Metrics)
                    accumulator.Add(key, value, chunk.Length);
            }
        }
        _model.train();

        var values = accumulator.TakeMeans().ToDictionary(m => "eval_" + m.Key, m => m.Value);
        if (values.TryGetValue("eval_loss", out var evalLoss) && !double.IsFinite(evalLoss))
            _observer.OnWarning($"Step {step}: eval_loss is {evalLoss}; the held-out set has an example the "
                + "objective cannot score (training continues).");
        values["eval_runtime"] = clock.Elapsed.TotalSeconds;
        values["epoch"] = (double)step / Plan.StepsPerEpoch;
        Record(new MetricsRecord(step, Plan.TotalSteps, values), _observer.OnEvaluate);
        _intervalClock.Restart();
    }

    private void Record(MetricsRecord record, Action<MetricsRecord> notify)
    {
        _history.Add(record);
        notify(record);
    }

    private void SaveCheckpoint(int step)
    {
        _lastCheckpoint = _store.Save(step, dir => WriteCheckpoint(dir, step), _options.SaveTotalLimit);
        _lastSavedStep = step;
        _observer.OnCheckpoint(step, _lastCheckpoint);
        _intervalClock.Restart();
    }

    private void WriteCheckpoint(string dir, int step)
    {
        _checkpointer.Save(dir);
        _optimizer!.save_state_dict(Path.Combine(dir, "optimizer.bin"));
        string taskDir = Directory.CreateDirectory(Path.Combine(dir, "task")).FullName;
        _task.SaveState(taskDir);
        TrainingOptionsLoader.Save(_options, Path.Combine(dir, "config.yaml"));

        // Written last: its presence is what marks the checkpoint complete.
        CurrentState(step).Save(Path.Combine(dir, CheckpointStore.StateFile));
    }

    private TrainerState CurrentState(int step)
    {
        using var rng = torch.get_rng_state();
        return new TrainerState
        {
            GlobalStep = step,
            TotalSteps = Plan.TotalSteps,
            Epoch = (double)step / Plan.StepsPerEpoch,
            EpochIndex = step / Plan.StepsPerEpoch,
            EpochPosition = step % Plan.StepsPerEpoch * _options.EffectiveBatchSize,
            EffectiveBatchSize = _options.EffectiveBatchSize,
            ShuffleSeed = _options.Seed,
            TorchRngState = Convert.ToBase64String(rng.data<byte>().ToArray()),
            PendingMetrics = _metrics.Export(),
            LogHistory = _history.Select(r => new LoggedRow(r.Step, new(r.Values))).ToList(),
        };
    }

    private void CheckResumable(string dir, TrainerState state)
    {
        if (state.ShuffleSeed != _options.Seed)
            throw new PlumbException($"{dir}: this checkpoint was trained with seed {state.ShuffleSeed}; "
                + $"resume with seed {state.ShuffleSeed} (got {_options.Seed}) to continue the same data order.");
        if (state.EffectiveBatchSize != _options.EffectiveBatchSize)
            throw new PlumbException($"{dir}: this checkpoint took {state.EffectiveBatchSize} examples per step; "
                + "keep per_device_train_batch_size × gradient_accumulation_steps equal to that to resume it "
                + $"(got {_options.EffectiveBatchSize}), or the data order would skip or repeat examples.");
    }

    private int Resume(string dir)
    {
        var state = _resumeState!;
        if (state.TotalSteps != Plan.TotalSteps)
            _observer.OnWarning($"The checkpoint was planned for {state.TotalSteps} steps, this run for "
                + $"{Plan.TotalSteps}; the learning-rate schedule continues on the new length.");

        _checkpointer.Load(dir);
        _optimizer!.load_state_dict(Path.Combine(dir, "optimizer.bin"));
        _task.LoadState(Path.Combine(dir, "task"));
        using (var rng = torch.tensor(Convert.FromBase64String(state.TorchRngState)))
            torch.set_rng_state(rng);
        _metrics.Import(state.PendingMetrics, _parameters[0].device);
        _history.AddRange(state.LogHistory.Select(r => new MetricsRecord(r.Step, Plan.TotalSteps, r.Values)));
        (_lastCheckpoint, _lastSavedStep) = (dir, state.GlobalStep);
        _observer.OnResume(state.GlobalStep, dir);
        return state.GlobalStep;
    }

    private PlumbException NonFinite(int step, int[] indices, Tensor losses, double loss, double gradNorm)
    {
        // Name the examples whose own loss is not finite; if all are finite, the gradient overflowed.
        var finite = losses.isfinite().cpu().data<bool>().ToArray();
        var culprits = indices.Where((_, i) => !finite[i]).ToArray();
        var named = (culprits.Length > 0 ? culprits : indices).Take(16).Select(i => _task.IdOf(_train[i]));
        int more = Math.Max(0, (culprits.Length > 0 ? culprits.Length : indices.Length) - 16);
        string which = culprits.Length > 0 ? "a non-finite loss on examples" : "a finite loss on examples";
        string kept = _lastCheckpoint is null
            ? "No checkpoint had been saved yet."
            : $"The last good checkpoint is {_lastCheckpoint}.";
        return new PlumbException(
            $"Step {step}: the loss is {loss} and the gradient norm {gradNorm}, with {which} "
            + $"[{string.Join(", ", named)}{(more > 0 ? $" and {more} more" : "")}]. The update was not applied. "
            + $"{kept} Check these examples (empty completions, extreme lengths), or resume from the checkpoint "
            + "(resume_from_checkpoint) with a lower learning_rate.");
    }

    private TrainingResult Finish(int step, bool interrupted)
    {
        // A stop on request still leaves a checkpoint to resume from.
        if (step > 0 && _lastSavedStep != step)
            SaveCheckpoint(step);
        var result = new TrainingResult(step, interrupted, _lastCheckpoint, _history.ToList());
        _observer.OnEnd(result);
        return result;
    }

    public void Dispose()
    {
        _optimizer?.Dispose();
        _metrics.Dispose();
    }

    private sealed class NullObserver : ITrainingObserver;
}
