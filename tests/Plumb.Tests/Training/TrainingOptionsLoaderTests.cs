using Plumb.Training;

namespace Plumb.Tests.Training;

public sealed class TrainingOptionsLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("plumb-options-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Recipe(string yaml)
    {
        string path = Path.Combine(_dir, "recipe.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public void Should_read_snake_case_keys_and_leave_other_sections_keys_alone()
    {
        // Given a recipe mixing training keys with a loss key owned by another section
        string path = Recipe("""
            learning_rate: 5.0e-7
            per_device_train_batch_size: 2
            gradient_accumulation_steps: 4
            lr_scheduler_type: cosine
            optim: rmsprop
            beta: 0.1
            resume_from_checkpoint: latest
            """);

        var options = TrainingOptionsLoader.LoadYaml(path, keysOwnedElsewhere: new HashSet<string> { "beta" });

        Assert.Equal(5e-7, options.LearningRate);
        Assert.Equal(8, options.EffectiveBatchSize);
        Assert.Equal(LrSchedulerType.Cosine, options.LrSchedulerType);
        Assert.Equal(OptimizerType.RmsProp, options.Optim);
        Assert.Equal("latest", options.ResumeFromCheckpoint);
        Assert.Equal(42, options.Seed);
    }

    [Fact]
    public void Should_name_the_file_line_and_key_and_suggest_the_close_match_When_a_key_is_unknown()
    {
        string path = Recipe("seed: 3\nlearnig_rate: 1e-6\n");

        var error = Assert.Throws<PlumbException>(() => TrainingOptionsLoader.LoadYaml(path));

        Assert.Equal($"{path}:2: unknown key 'learnig_rate'. Did you mean learning_rate? Fix or remove it.",
            error.Message);
    }

    [Fact]
    public void Should_say_what_value_is_expected_When_a_value_is_malformed()
    {
        string path = Recipe("max_steps: ten\n");

        var error = Assert.Throws<PlumbException>(() => TrainingOptionsLoader.LoadYaml(path));

        Assert.Equal($"{path}:1: max_steps: 'ten' is not a whole number.", error.Message);
    }

    [Fact]
    public void Should_let_command_line_values_override_the_recipe()
    {
        string path = Recipe("learning_rate: 1e-6\nseed: 1\n");
        var fromFile = TrainingOptionsLoader.LoadYaml(path);

        var options = TrainingOptionsLoader.Overlay(
            fromFile, [new("seed", "7"), new("optim", "adamw_torch"), new("--max-steps", "30")]);

        Assert.Equal(7, options.Seed);
        Assert.Equal(30, options.MaxSteps);
        Assert.Equal(OptimizerType.AdamW, options.Optim);
        Assert.Equal(1e-6, options.LearningRate);
        Assert.Equal(OptimizerType.Sgd, TrainingOptionsLoader.Overlay(fromFile, [new("optim", "sgd")]).Optim);
        var error = Assert.Throws<PlumbException>(
            () => TrainingOptionsLoader.Overlay(fromFile, [new("optim", "adafactor")]));
        Assert.Equal("command line: optim: 'adafactor' is not one of: adamw, rmsprop, sgd, adamw_torch, "
            + "adamw_torch_fused.", error.Message);
    }

    [Fact]
    public void Should_read_back_the_same_options_When_saved_as_config_yaml()
    {
        var options = new TrainingOptions
        {
            LearningRate = 3.3e-7, WarmupRatio = 0.1, OutputDir = "runs/a b: c", SaveTotalLimit = 2,
            Optim = OptimizerType.Sgd,
        };
        string path = Path.Combine(_dir, "config.yaml");

        TrainingOptionsLoader.Save(options, path);

        Assert.Equal(options, TrainingOptionsLoader.LoadYaml(path));
    }
}
