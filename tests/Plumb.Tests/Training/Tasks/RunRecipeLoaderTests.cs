using Plumb.Data;
using Plumb.Tests.Fixtures;
using Plumb.Training.Reference;
using Plumb.Training.Tasks;

namespace Plumb.Tests.Training.Tasks;

public sealed class RunRecipeLoaderTests
{
    private static string Recipe(string text)
    {
        string path = Path.Combine(TinyModels.TempDir("recipe"), "run.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Should_apply_defaults_then_the_file_then_the_command_line()
    {
        // Given a recipe with run, loss, data and training keys, and a command line that overrides beta
        string path = Recipe("model: m\ndata: d.jsonl\nbeta: 0.2\nmax_length: 64\nlearning_rate: 1e-5\n");

        var (recipe, training, _) = RunRecipeLoader.Load(path,
            [new("beta", "0.3"), new("max_steps", "7")], new RunRecipe { Method = "ipo" });

        // Then each key lands where it belongs and the command line wins
        Assert.Equal(("m", "d.jsonl", "ipo"), (recipe.Model, recipe.Data, recipe.ResolvedLoss));
        Assert.Equal(0.3, recipe.Objective.Beta);
        Assert.Equal(64, recipe.DataOptions.MaxLength);
        Assert.Equal((1e-5, 7), (training.LearningRate, training.MaxSteps));
        Assert.Equal(training.Seed, recipe.DataOptions.Seed);
    }

    [Fact]
    public void Should_suggest_the_loss_key_When_a_loss_key_is_misspelled()
    {
        string path = Recipe("model: m\nbetta: 0.1\n");

        var error = Assert.Throws<PlumbException>(() => RunRecipeLoader.Load(path, [], new RunRecipe()));

        Assert.Equal($"{path}:2: unknown key 'betta'. Did you mean beta? Fix or remove it.", error.Message);
    }

    [Fact]
    public void Should_read_back_the_same_run_When_the_resolved_recipe_is_loaded()
    {
        // Given a run resolved from a command line
        var (recipe, training, given) = RunRecipeLoader.Load(null,
            [new("model", "m"), new("data", "d.jsonl"), new("loss_weights", "1,0.5"), new("loss_type", "sigmoid,sft"),
             new("learning_rate", "2e-5")], new RunRecipe());

        // When its description is written and read as a recipe
        string path = Recipe(RunRecipeLoader.Describe(recipe, given, training));
        var (again, trainingAgain, _) = RunRecipeLoader.Load(path, [], new RunRecipe());

        // Then the loss, its weights and the training options are the same
        Assert.Equal(("sigmoid,sft", "1,0.5", "m"), (again.ResolvedLoss, again.LossWeights, again.Model));
        Assert.Equal(training, trainingAgain);
    }

    [Fact]
    public void Should_name_the_tokenization_difference_When_fingerprints_differ()
    {
        var scored = new ReferenceFingerprint("m", "d", ReferenceFingerprint.Describe(new DataOptions()));
        var now = scored with { Tokenization = ReferenceFingerprint.Describe(new DataOptions { MaxLength = 256 }) };

        var differences = scored.Differences(now);

        Assert.Single(differences);
        Assert.Contains("max_length=1024", differences[0]);
        Assert.Contains("max_length=256", differences[0]);
        Assert.NotEqual(scored.Key, now.Key);
    }
}
