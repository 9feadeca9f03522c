using Plumb.Data;
using Plumb.Models;
using Plumb.Training.Tasks;
using static Plumb.Tests.Fixtures.TinyModels;
using static TorchSharp.torch;

namespace Plumb.Tests.Training.Tasks;

[Collection(TorchGlobalStateCollection.Name)]
public sealed class RewardTaskTests
{
    [Fact]
    public void Should_give_the_hand_worked_bradley_terry_losses_with_and_without_centring()
    {
        // -log sigmoid(1) = 0.3132617, -log sigmoid(-1.5) = 1.7014133; centring adds 0.01 * (r_c + r_r)^2
        using var chosen = tensor(new[] { 1.0, 0.5 });
        using var rejected = tensor(new[] { 0.0, 2.0 });

        var plain = RewardTask.Losses(chosen, rejected, 0).data<double>().ToArray();
        var centred = RewardTask.Losses(chosen, rejected, 0.01).data<double>().ToArray();

        Assert.Equal(0.3132617, plain[0], 6);
        Assert.Equal(1.7014133, plain[1], 6);
        Assert.Equal(0.3132617 + 0.01, centred[0], 6);
        Assert.Equal(1.7014133 + 0.0625, centred[1], 6);
    }

    [Theory]
    [InlineData(new[] { 5, 7, 0, 0 }, 0, 1)]     // right padding
    [InlineData(new[] { 5, 7, 2, 2 }, 2, 1)]     // the pad id is also EOS: the token before the trailing EOS
    [InlineData(new[] { 5, 2, 7 }, 2, 2)]        // a pad id inside the sequence is not its end
    [InlineData(new[] { 0, 0 }, 0, 1)]           // nothing but padding: the last position
    public void Should_read_the_reward_where_transformers_does(int[] ids, int pad, int expected)
    {
        Assert.Equal(expected, RewardTask.RewardIndex(ids, pad));
    }

    [Fact]
    public void Should_score_each_sequence_as_it_would_alone_When_batched_with_padding()
    {
        // Given a reward model and rows of different lengths
        manual_seed(3);
        using var model = ModelLoader.LoadRewardModel(WriteLlama(TempDir()), CPU, padTokenId: 0);
        int[][] rows = [[3, 17, 42, 5, 9], [63, 9], [7, 8, 9]];
        using var noGrad = no_grad();

        // When they are scored together, right-padded with 0
        var batched = RewardTask.Rewards(model, rows, 0).data<float>().ToArray();

        // Then each equals the score head applied by hand to the last state of the row run alone
        var head = model.state_dict()["score.weight"][0];
        for (int i = 0; i < rows.Length; i++)
        {
            using var ids = tensor(rows[i].Select(t => (long)t).ToArray(), [1, rows[i].Length]);
            float alone = model.HiddenStates(ids)[0, -1].dot(head).item<float>();
            Assert.Equal(alone, batched[i], 5);
        }
    }

    [Fact]
    public void Should_report_trls_reward_metrics_per_pair_When_forwarding_a_batch()
    {
        manual_seed(4);
        using var model = ModelLoader.LoadRewardModel(WriteLlama(TempDir()), CPU, padTokenId: 0);
        var task = new RewardTask(model, padId: 0);
        var batch = new List<TokenizedPair> { new("a", [3, 4], [5, 6], [7]), new("b", [8], [9, 10, 11], [12, 13]) };

        var output = task.Forward(batch);

        // The rewards behind the metrics, computed on their own
        var rewards = RewardTask.Rewards(model, [[3, 4, 5, 6], [8, 9, 10, 11], [3, 4, 7], [8, 12, 13]], 0)
            .detach().data<float>().ToArray();
        var accuracy = output.Metrics["accuracy"].data<float>().ToArray();
        var margin = output.Metrics["margin"].data<float>().ToArray();
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(rewards[i] > rewards[i + 2] ? 1f : 0f, accuracy[i]);
            Assert.Equal(rewards[i] - rewards[i + 2], margin[i], 5);
        }
        Assert.Equal(rewards.Max(), output.Metrics["max_reward"].item<float>(), 5);
        Assert.Equal(rewards.Min(), output.Metrics["min_reward"].item<float>(), 5);
        Assert.Equal(2, output.Losses.shape[0]);
        Assert.Equal(14, output.Tokens);
    }

    [Fact]
    public void Should_refuse_a_language_model()
    {
        using var model = ModelLoader.Load(WriteLlama(TempDir()), CPU);

        var error = Assert.Throws<PlumbException>(() => new RewardTask(model, 0));

        Assert.Contains("needs a reward model", error.Message);
    }
}
