using System.Diagnostics;
using System.Globalization;
using Plumb.Training;
using Spectre.Console;

namespace Plumb.Cli.Commands;

/// <summary>
/// A Spectre.Console progress bar with steps per second and time left, drawn only on an interactive terminal
/// (Spectre's widget prints nothing in CI, where the summary lines carry the run).
/// </summary>
internal sealed class TrainProgress : ITrainingObserver
{
    private readonly Stopwatch _clock = new();
    private ProgressTask? _bar;
    private int _firstStep;

    /// <summary>Runs <paramref name="train"/> inside a live progress bar when the console is interactive.</summary>
    public TResult Run<TResult>(IAnsiConsole console, Func<TResult> train)
    {
        if (!console.Profile.Capabilities.Interactive)
            return train();
        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                _bar = context.AddTask("training", autoStart: true);
                return train();
            });
    }

    /// <inheritdoc />
    public void OnStart(TrainingPlan plan)
    {
        _firstStep = plan.StartStep;
        _clock.Restart();
        if (_bar is null)
            return;
        _bar.MaxValue = plan.TotalSteps;
        _bar.Value = plan.StartStep;
    }

    /// <inheritdoc />
    public void OnStep(int step, int totalSteps)
    {
        if (_bar is null)
            return;
        double rate = (step - _firstStep) / Math.Max(_clock.Elapsed.TotalSeconds, 1e-9);
        _bar.Value = step;
        _bar.Description = string.Create(CultureInfo.InvariantCulture,
            $"step {step}/{totalSteps} [grey]{rate:F2} steps/s[/]");
    }
}
