using static TorchSharp.torch;

namespace Plumb.Objectives;

/// <summary>Options for <see cref="BcoPairObjective"/>.</summary>
public sealed record BcoPairOptions : MarginOptions
{
    /// <summary>
    /// Subtract the running reward mean delta (the paper's reward shift). The default value is true; false is
    /// TRL 0.29+'s <c>bco_pair</c>, registered as <c>bco_pair_trl</c>.
    /// </summary>
    public bool ShiftRewards { get; init; } = true;

    /// <summary>How delta absorbs a batch. The default value is <see cref="RewardShiftUpdate.PerReward"/>.</summary>
    public RewardShiftUpdate Update { get; init; } = RewardShiftUpdate.PerReward;
}

/// <summary>
/// BCO on pairs: the chosen response classified as desirable and the rejected as undesirable, around a shift delta.
/// Jung et al. 2024, "Binary Classifier Optimization for Large Language Model Alignment",
/// https://arxiv.org/abs/2404.04656.
/// </summary>
/// <remarks>
/// <c>-logsig(r_w - delta) - logsig(-(r_l - delta))</c> with <c>r = beta * score</c>. Delta is the running mean
/// of all rewards seen while training, this batch included, carried in <see cref="ObjectiveState"/> under the
/// objective's name. TRL 0.28 fed the batch mean into it once per batch (<see cref="RewardShiftUpdate.PerBatchMean"/>);
/// TRL 0.29+ dropped delta altogether (<c>bco_pair_trl</c>), unlike the paper. Metric <c>delta</c> is reported.
/// </remarks>
public sealed class BcoPairObjective(BcoPairOptions options) : IPreferenceObjective
{
    public const string Name = "bco_pair";
    public const string TrlName = "bco_pair_trl";

    private readonly BcoPairOptions _options = Valid.Options(options, options.ShiftRewards ? Name : TrlName);

    public ObjectiveInfo Info { get; } = options.ShiftRewards
        ? new(Name, "BCO pairwise with the running-mean reward shift (Jung et al. 2024)",
            ObjectiveNeeds.ReferenceModel)
        : new(TrlName, "BCO pairwise without reward shift, as TRL 0.29+ computes bco_pair",
            ObjectiveNeeds.ReferenceModel);

    public ObjectiveOutput Compute(PreferenceLogProbs logProbs, ObjectiveState state)
    {
        var terms = Pairs.Terms(logProbs, _options.Divergence, Info.Name);
        var chosen = _options.Beta * terms.ChosenScore;
        var rejected = _options.Beta * terms.RejectedScore;
        double delta = 0.0;
        if (_options.ShiftRewards)
            (delta, state) = RewardShift.Apply(cat([chosen, rejected]), state, Info.Name, _options.Update);
        var losses = -nn.functional.logsigmoid(chosen - delta) - nn.functional.logsigmoid(-(rejected - delta));
        var output = Pairs.Output(losses, _options.Beta, terms, state);
        return output with { Metrics = new Dictionary<string, Tensor> { ["delta"] = tensor(delta) } };
    }
}
