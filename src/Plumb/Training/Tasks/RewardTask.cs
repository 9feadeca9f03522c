using Plumb.Data;
using Plumb.Models;
using static TorchSharp.torch;

namespace Plumb.Training.Tasks;

/// <summary>
/// Reward-model training on preference pairs: the Bradley-Terry loss <c>-log sigmoid(r_c - r_r)</c>, plus
/// <c>c (r_c + r_r)^2</c> when a centring coefficient c is given (Eisenstein et al. 2023, arXiv:2312.09244;
/// TRL's <c>center_rewards_coefficient</c>). Metrics use TRL's RewardTrainer names: <c>accuracy</c>,
/// <c>margin</c>, <c>min_reward</c>, <c>mean_reward</c>, <c>max_reward</c>.
/// </summary>
/// <remarks>
/// A sequence's reward is the score head applied to the final hidden state of its last token that is not the
/// pad id, which is where transformers' <c>*ForSequenceClassification</c> reads it, so a trained model scores
/// the same in Hugging Face tools. When the pad id is also EOS, that is the token before a trailing EOS.
/// </remarks>
public sealed class RewardTask : ITrainingTask<TokenizedPair>
{
    private readonly CausalLM _model;
    private readonly long _padId;
    private readonly double _centerCoefficient;

    /// <param name="model">A reward model (<see cref="ModelConfig.IsRewardModel"/>).</param>
    /// <param name="padId">The id right-padding fills batches with; the model's config should name it too.</param>
    /// <param name="centerRewardsCoefficient">c in c (r_c + r_r)^2; 0 leaves rewards uncentred.</param>
    /// <exception cref="PlumbException">The model is a causal LM, or c is negative.</exception>
    public RewardTask(CausalLM model, long padId, double centerRewardsCoefficient = 0)
    {
        if (!model.Config.IsRewardModel)
            throw new PlumbException("A reward task needs a reward model (a one-output score head); load the "
                + "starting model with ModelLoader.LoadRewardModel.");
        if (!(centerRewardsCoefficient >= 0))
            throw new PlumbException($"center_rewards_coefficient is {centerRewardsCoefficient}; use 0 or more "
                + "(TRL suggests 0.01).");
        (_model, _padId, _centerCoefficient) = (model, padId, centerRewardsCoefficient);
    }

    /// <inheritdoc />
    public TaskOutput Forward(IReadOnlyList<TokenizedPair> batch)
    {
        var rows = batch.Select(p => (int[])[.. p.Prompt, .. p.Chosen])
            .Concat(batch.Select(p => (int[])[.. p.Prompt, .. p.Rejected])).ToList();
        var rewards = Rewards(_model, rows, _padId);
        var chosen = rewards.narrow(0, 0, batch.Count);
        var rejected = rewards.narrow(0, batch.Count, batch.Count);
        var all = rewards.detach();
        var metrics = new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            ["accuracy"] = chosen.detach().gt(rejected.detach()).to_type(ScalarType.Float32),
            ["margin"] = chosen.detach() - rejected.detach(),
            ["min_reward"] = all.min(),
            ["mean_reward"] = all.mean(),
            ["max_reward"] = all.max(),
        };
        return new TaskOutput(Losses(chosen, rejected, _centerCoefficient), metrics, rows.Sum(r => (long)r.Length));
    }

    /// <inheritdoc />
    public string IdOf(TokenizedPair example) => example.Id;

    /// <summary>Per-pair losses: <c>-log sigmoid(r_c - r_r) + c (r_c + r_r)^2</c>.</summary>
    public static Tensor Losses(Tensor chosen, Tensor rejected, double centerCoefficient)
    {
        var losses = nn.functional.logsigmoid(chosen - rejected).neg();
        return centerCoefficient == 0 ? losses : losses + (chosen + rejected).square().mul(centerCoefficient);
    }

    /// <summary>The position transformers reads a sequence's reward at: its last token that is not
    /// <paramref name="padId"/> (the last position when every token is).</summary>
    public static int RewardIndex(IReadOnlyList<int> ids, long padId)
    {
        for (int t = ids.Count - 1; t >= 0; t--)
            if (ids[t] != padId)
                return t;
        return ids.Count - 1;
    }

    /// <summary>The reward of each sequence, shape [rows]; the rows are right-padded into one batch.</summary>
    public static Tensor Rewards(CausalLM model, IReadOnlyList<int[]> rows, long padId)
    {
        using var scope = NewDisposeScope();
        int width = rows.Max(r => r.Length);
        var ids = new long[rows.Count * width];
        Array.Fill(ids, padId);
        for (int i = 0; i < rows.Count; i++)
            for (int t = 0; t < rows[i].Length; t++)
                ids[i * width + t] = rows[i][t];
        var device = TaskBatches.DeviceOf(model);
        var hidden = model.HiddenStates(tensor(ids, [rows.Count, width], device: device));
        var index = tensor(rows.Select(r => (long)RewardIndex(r, padId)).ToArray(), device: device);
        var last = hidden.gather(1, index.view(-1, 1, 1).expand(-1, 1, hidden.shape[2])).squeeze(1);
        return model.Logits(last).squeeze(-1).MoveToOuterDisposeScope();
    }
}
