namespace Plumb.Training;

/// <summary>Linear warmup then constant, linear or cosine decay, with the formulas of HF's schedulers.</summary>
/// <param name="PeakLearningRate">The learning rate reached at the end of warmup.</param>
/// <param name="Type">What happens after warmup.</param>
/// <param name="WarmupSteps">Steps of linear warmup from 0.</param>
/// <param name="TotalSteps">Optimizer steps in the whole run.</param>
public sealed record LearningRateSchedule(
    double PeakLearningRate, LrSchedulerType Type, int WarmupSteps, int TotalSteps)
{
    /// <summary>Builds the schedule the options describe for a run of <paramref name="totalSteps"/>.</summary>
    public static LearningRateSchedule From(TrainingOptions o, int totalSteps)
    {
        int warmup = o.WarmupSteps > 0 ? o.WarmupSteps : (int)Math.Ceiling(o.WarmupRatio * totalSteps);
        return new(o.LearningRate, o.LrSchedulerType, warmup, totalSteps);
    }

    /// <summary>The learning rate of the optimizer step after <paramref name="completedSteps"/> steps.</summary>
    public double At(int completedSteps) => PeakLearningRate * Factor(completedSteps);

    private double Factor(int s)
    {
        if (s < WarmupSteps)
            return (double)s / Math.Max(1, WarmupSteps);
        double progress = (double)(s - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps);
        return Type switch
        {
            LrSchedulerType.Constant => 1.0,
            LrSchedulerType.Linear => Math.Max(0.0, 1.0 - progress),
            _ => Math.Max(0.0, 0.5 * (1.0 + Math.Cos(Math.PI * progress))),
        };
    }
}
