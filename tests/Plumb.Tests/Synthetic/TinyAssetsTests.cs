using Plumb.Models;
using Plumb.Synthetic;
using Plumb.Tests.Fixtures;
using Plumb.Tests.Training;
using Plumb.Tokenization;

namespace Plumb.Tests.Synthetic;

[Collection(TorchGlobalStateCollection.Name)]
public sealed class TinyAssetsTests
{
    [Fact]
    public void Should_write_a_loadable_model_tokenizer_and_data_When_built_from_a_small_recipe()
    {
        // Given a recipe shrunk to seconds: 300 documents, 12 steps, a 1-layer model
        var recipe = new TinyRecipe
        {
            CorpusDocuments = 300, PretrainSteps = 12, PretrainBatchSize = 8, HiddenSize = 32, Layers = 1,
            IntermediateSize = 64, TrainPairs = 20, TestPairs = 10,
        };
        string root = TinyModels.TempDir("tiny-assets");

        var built = TinyAssets.Build(Path.Combine(root, "assets"), recipe, Path.Combine(root, "run"));

        // Then the model directory loads, its vocabulary is the tokenizer's, and pretraining lowered the loss
        // below a uniform guess over the vocabulary, ln(vocab)
        var summary = ModelLoader.Check(built.ModelDir);
        var tokenizer = HfTokenizer.Load(built.ModelDir);
        Assert.Equal(tokenizer.VocabSize, summary.Config.VocabSize);
        Assert.Equal(summary.ParameterCount, built.Parameters);
        Assert.True(built.FinalLoss < Math.Log(built.VocabSize), $"final loss {built.FinalLoss}");
        Assert.True(File.Exists(Path.Combine(built.ModelDir, "generation_config.json")));
        Assert.Equal(20, File.ReadAllLines(Path.Combine(built.DataDir, TinyAssets.TrainFile)).Length);
        Assert.Equal(10, File.ReadAllLines(Path.Combine(built.DataDir, TinyAssets.TestFile)).Length);
        Assert.True(File.Exists(Path.Combine(root, "run", "checkpoint-000012", "model.safetensors")));
    }

    [Fact]
    public void Should_start_from_a_near_uniform_guess_When_weights_are_initialised_like_hugging_face()
    {
        // Given a model whose matrices are drawn from N(0, 0.02^2)
        var tokenizer = HfTokenizer.Load(BundledDir());
        using var model = ModelBuilder.Build(TinyAssets.Config(new TinyRecipe(), tokenizer));
        TorchSharp.torch.manual_seed(3);
        TinyAssets.InitialiseWeights(model);

        // Then its logits are small, so next-token probabilities start near 1/vocab (ln 481 = 6.18 nats)
        using var ids = TorchSharp.torch.tensor(new long[] { 1, 2, 3, 4 }, [1, 4]);
        using var logits = model.forward(ids);
        Assert.True(logits.abs().max().item<float>() < 1.0f);
    }

    private static string BundledDir() => Plumb.Cli.BundledAssets.Extract(TinyModels.TempDir("bundled")).ModelDir;
}
