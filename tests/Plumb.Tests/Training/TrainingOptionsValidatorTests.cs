using Plumb.Training;

namespace Plumb.Tests.Training;

public sealed class TrainingOptionsValidatorTests
{
    [Fact]
    public void Should_accept_the_defaults()
    {
        TrainingOptionsValidator.Validate(new TrainingOptions());
    }

    [Fact]
    public void Should_list_every_problem_at_once_When_several_options_are_invalid()
    {
        var options = new TrainingOptions { LearningRate = -1e-6, GradientAccumulationSteps = 0 };

        var error = Assert.Throws<PlumbException>(() => TrainingOptionsValidator.Validate(options));

        Assert.Equal("""
            Invalid training options:
              - learning_rate must be a positive number, got -1E-06; DPO typically uses 1e-7 to 1e-5.
              - gradient_accumulation_steps must be at least 1, got 0.
            """.ReplaceLineEndings("\n"), error.Message);
    }

    [Fact]
    public void Should_refuse_a_warmup_longer_than_the_run()
    {
        var options = new TrainingOptions { MaxSteps = 10, WarmupSteps = 20, PerDeviceTrainBatchSize = 1 };

        var error = Assert.Throws<PlumbException>(() => TrainingPlan.Create(options, 100, 0));

        Assert.StartsWith("warmup_steps (20) exceeds the run's 10 optimizer steps", error.Message);
    }

    [Fact]
    public void Should_plan_steps_from_epochs_When_max_steps_is_unset()
    {
        // 50 examples, 8 per step → 6 steps per epoch (2 left out), 3 epochs → 18 steps
        var plan = TrainingPlan.Create(new TrainingOptions(), 50, 0);

        Assert.Equal(6, plan.StepsPerEpoch);
        Assert.Equal(18, plan.TotalSteps);
        Assert.Equal(2, plan.ExamplesLeftOutPerEpoch);
    }

    [Fact]
    public void Should_say_how_to_fix_a_dataset_smaller_than_one_step()
    {
        var error = Assert.Throws<PlumbException>(() => TrainingPlan.Create(new TrainingOptions(), 5, 0));

        Assert.Contains("fewer than one optimizer step needs", error.Message);
    }
}
