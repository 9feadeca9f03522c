using Plumb.Cli;
using Plumb.Models;
using Plumb.Synthetic;
using Plumb.Tests.Fixtures;
using Plumb.Tokenization;

namespace Plumb.Tests.Synthetic;

/// <summary>The model and data embedded in the CLI, as a dotnet-tool install would extract them.</summary>
public sealed class BundledAssetsTests
{
    private static readonly Lazy<(string Model, string Data)> Extracted =
        new(() => BundledAssets.Extract(TinyModels.TempDir("bundled")));

    [Fact]
    public void Should_embed_every_model_and_data_file()
    {
        string[] expected =
        [
            "tiny/config.json", "tiny/model.safetensors", "tiny/tokenizer.json", "tiny/tokenizer_config.json",
            "tiny/generation_config.json", "preferences/train.jsonl", "preferences/test.jsonl",
        ];
        Assert.Equal(expected.Order(), BundledAssets.Names().Order());
    }

    [Fact]
    public void Should_load_as_a_small_tied_llama_When_extracted()
    {
        var summary = ModelLoader.Check(Extracted.Value.Model);

        // embed 481*96 = 46,176 (the tied head adds nothing) + final norm 96
        //   + 3 layers * (q 9,216 + k 4,608 + v 4,608 + o 9,216 + mlp 3*256*96 = 73,728 + norms 192) = 3 * 101,568
        //   = 46,176 + 96 + 304,704 = 350,976
        long perLayer = 96 * 96 + 48 * 96 + 48 * 96 + 96 * 96 + 3 * 256 * 96 + 2 * 96;
        Assert.Equal(101_568, perLayer);
        Assert.Equal(350_976, summary.ParameterCount);
        Assert.Equal("llama", summary.Config.ModelType);
        Assert.True(summary.Config.TieWordEmbeddings);
        Assert.True(new FileInfo(Path.Combine(Extracted.Value.Model, "model.safetensors")).Length < 2_000_000);
    }

    [Fact]
    public void Should_round_trip_every_text_of_the_dataset_When_tokenized_with_the_bundled_tokenizer()
    {
        var tokenizer = HfTokenizer.Load(Extracted.Value.Model);
        Assert.NotNull(tokenizer.Special.EosId);
        Assert.NotNull(tokenizer.Special.ChatTemplate);

        foreach (string file in new[] { TinyAssets.TrainFile, TinyAssets.TestFile })
            foreach (string line in File.ReadLines(Path.Combine(Extracted.Value.Data, file)))
            {
                using var record = System.Text.Json.JsonDocument.Parse(line);
                foreach (string column in new[] { "prompt", "chosen", "rejected" })
                {
                    string text = record.RootElement.GetProperty(column).GetString()!;
                    Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text)));
                }
            }
    }

    [Fact]
    public void Should_encode_every_word_of_the_world_as_one_token()
    {
        // The 222 learned merges exhaust the corpus: every word, with its leading space, is a single token.
        var tokenizer = HfTokenizer.Load(Extracted.Value.Model);
        var words = TinyWorld.Animals.Concat(TinyWorld.Relations.SelectMany(r => r.Values));
        Assert.All(words, word => Assert.Single(tokenizer.Encode(" " + word)));
    }

    [Fact]
    public void Should_match_the_generator_byte_for_byte_When_the_recipe_is_the_default()
    {
        // Given the default recipe's pairs written afresh
        var recipe = new TinyRecipe();
        var (train, test) = PreferenceGenerator.Generate(recipe.TrainPairs, recipe.TestPairs, recipe.Seed);
        string dir = TinyModels.TempDir("regenerated");
        PairJsonl.Write(Path.Combine(dir, "train.jsonl"), train);
        PairJsonl.Write(Path.Combine(dir, "test.jsonl"), test);

        // Then they are the bundled files
        foreach (string file in new[] { TinyAssets.TrainFile, TinyAssets.TestFile })
            Assert.Equal(File.ReadAllBytes(Path.Combine(Extracted.Value.Data, file)),
                File.ReadAllBytes(Path.Combine(dir, file)));
    }
}
