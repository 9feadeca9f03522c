using System.Text.Json.Nodes;
using Plumb.Models;
using Plumb.Tests.Training;
using Plumb.Training.Tasks;
using static Plumb.Tests.Fixtures.TinyModels;
using static TorchSharp.torch;

namespace Plumb.Tests.Models;

[Collection(TorchGlobalStateCollection.Name)]
public sealed class RewardModelTests
{
    private static readonly int[][] Rows = [[3, 17, 42, 5], [63, 9, 11, 12, 13, 2], [7]];

    [Theory]
    [InlineData("llama", false)]
    [InlineData("llama", true)]
    [InlineData("gpt2", true)]
    public void Should_keep_the_decoder_and_add_a_small_score_head_When_a_causal_checkpoint_becomes_a_reward_model(
        string type, bool tied)
    {
        // Given a causal checkpoint, untied (its lm_head must be left out) or tied
        string dir = type == "gpt2" ? WriteGpt2(TempDir()) : WriteLlama(TempDir(), tied: tied);
        using var causal = ModelLoader.Load(dir, CPU);

        // When it is loaded as a reward model
        manual_seed(5);
        using var reward = ModelLoader.LoadRewardModel(dir, CPU, padTokenId: 0);

        // Then the decoder's hidden states are the causal model's, the head is [1, hidden] drawn with std 0.02,
        // and there is no vocabulary head
        using var noGrad = no_grad();
        using var ids = tensor(new long[] { 3, 17, 42, 5 }, [1, 4]);
        Assert.True(causal.HiddenStates(ids).allclose(reward.HiddenStates(ids), rtol: 0, atol: 1e-6));
        var names = reward.state_dict().Keys.ToList();
        Assert.DoesNotContain("lm_head.weight", names);
        var score = reward.state_dict()["score.weight"];
        Assert.Equal([1L, Hidden], score.shape);
        Assert.InRange(score.std().item<float>(), 0.01, 0.03);
        Assert.Equal(0, reward.Config.PadTokenId);
        Assert.Equal(type == "gpt2" ? "GPT2ForSequenceClassification" : "LlamaForSequenceClassification",
            reward.Config.Architecture);
    }

    [Theory]
    [InlineData("llama")]
    [InlineData("gpt2")]
    public void Should_save_in_sequence_classification_layout_and_reload_to_the_same_rewards(string type)
    {
        // Given a reward model made from a tiny checkpoint
        string dir = type == "gpt2" ? WriteGpt2(TempDir()) : WriteLlama(TempDir());
        manual_seed(6);
        using var reward = ModelLoader.LoadRewardModel(dir, CPU, padTokenId: 0);
        string saved = Path.Combine(TempDir(), "rm");

        // When it is saved and loaded back, both as a reward model and through the plain loader
        ModelSaver.Save(reward, saved);
        using var again = ModelLoader.LoadRewardModel(saved, CPU);
        using var plain = ModelLoader.Load(saved, CPU);

        // Then the files are what transformers' *ForSequenceClassification reads, and the rewards are identical
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(saved, "config.json")))!.AsObject();
        Assert.Equal(reward.Config.Architecture, config["architectures"]![0]!.GetValue<string>());
        Assert.Equal("LABEL_0", config["id2label"]!["0"]!.GetValue<string>());
        Assert.Equal(0, config["pad_token_id"]!.GetValue<int>());
        var tensors = ReadAll(saved).Keys.ToList();
        Assert.Contains("score.weight", tensors);
        Assert.DoesNotContain("lm_head.weight", tensors);
        Assert.All(tensors.Where(n => n != "score.weight"),
            n => Assert.StartsWith(type == "gpt2" ? "transformer." : "model.", n));
        using var noGrad = no_grad();
        var expected = RewardTask.Rewards(reward, Rows, 0);
        Assert.True(expected.eq(RewardTask.Rewards(again, Rows, 0)).all().item<bool>());
        Assert.True(expected.eq(RewardTask.Rewards(plain, Rows, 0)).all().item<bool>());
    }

    [Fact]
    public void Should_refuse_a_sequence_classifier_with_several_labels()
    {
        var json = LlamaConfig();
        json["architectures"] = new JsonArray("LlamaForSequenceClassification");
        json["id2label"] = new JsonObject { ["0"] = "bad", ["1"] = "good", ["2"] = "great" };

        var error = Assert.Throws<PlumbException>(() => ModelConfigJson.Parse(json, "/m/config.json"));

        Assert.StartsWith("/m/config.json: a sequence classifier with 3 labels is not supported; Plumb supports "
            + "reward models with one output", error.Message);
    }
}
