using Plumb.Training;

namespace Plumb.Tests.Training;

public sealed class LearningRateScheduleTests
{
    // Peak 1e-3, 2 warmup steps, 10 steps. Warmup: lr(s) = 1e-3·s/2. After it, progress p = (s − 2)/8.
    //   linear:   1e-3·(1 − p)                → s=6: p=0.5 → 5e-4;   s=10 → 0
    //   cosine:   1e-3·½(1 + cos πp)          → s=4: p=0.25 → ½(1 + 0.70710678) = 8.5355339e-4
    //   constant: 1e-3
    [Theory]
    [InlineData(LrSchedulerType.Linear, 0, 0.0)]
    [InlineData(LrSchedulerType.Linear, 1, 5e-4)]
    [InlineData(LrSchedulerType.Linear, 2, 1e-3)]
    [InlineData(LrSchedulerType.Linear, 6, 5e-4)]
    [InlineData(LrSchedulerType.Linear, 10, 0.0)]
    [InlineData(LrSchedulerType.Cosine, 1, 5e-4)]
    [InlineData(LrSchedulerType.Cosine, 4, 8.5355339e-4)]
    [InlineData(LrSchedulerType.Cosine, 6, 5e-4)]
    [InlineData(LrSchedulerType.Cosine, 10, 0.0)]
    [InlineData(LrSchedulerType.Constant, 1, 5e-4)]
    [InlineData(LrSchedulerType.Constant, 9, 1e-3)]
    public void Should_match_the_hand_worked_value(LrSchedulerType type, int completedSteps, double expected)
    {
        var schedule = new LearningRateSchedule(1e-3, type, WarmupSteps: 2, TotalSteps: 10);

        Assert.Equal(expected, schedule.At(completedSteps), 10);
    }

    [Fact]
    public void Should_round_the_warmup_ratio_up_to_whole_steps()
    {
        // 0.1 × 25 steps = 2.5 → 3 warmup steps, as HF's get_warmup_steps does (math.ceil)
        var options = new TrainingOptions { WarmupRatio = 0.1 };

        Assert.Equal(3, LearningRateSchedule.From(options, 25).WarmupSteps);
        Assert.Equal(4, LearningRateSchedule.From(options with { WarmupSteps = 4 }, 25).WarmupSteps);
    }
}
