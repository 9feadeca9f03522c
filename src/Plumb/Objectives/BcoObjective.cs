using static TorchSharp.torch;

namespace Plumb.Objectives;

/// <summary>Options for <see cref="BcoObjective"/>.</summary>
public sealed record BcoOptions : IObjectiveOptions
{
    /// <summary>Scale beta of the implicit reward. The default value is 0.1.</summary>
    public double Beta { get; init; } = 0.1;

    /// <summary>How delta absorbs a batch. The default value is <see cref="RewardShiftUpdate.PerReward"/>.</summary>
    public RewardShiftUpdate Update { get; init; } = RewardShiftUpdate.PerReward;

    /// <summary>Lower clip of the UDM density ratio. The default value is 0.5.</summary>
    public double MinDensityRatio { get; init; } = 0.5;

    /// <summary>Upper clip of the UDM density ratio. The default value is 10.0.</summary>
    public double MaxDensityRatio { get; init; } = 10.0;

    public void Validate(string objective)
    {
        Valid.Positive(Beta, "beta", objective);
        Valid.Positive(MinDensityRatio, "min_density_ratio", objective);
        if (!(MaxDensityRatio >= MinDensityRatio))
            throw new PlumbException(
                $"max_density_ratio ({MaxDensityRatio}) must not be below min_density_ratio ({MinDensityRatio}).");
    }
}

/// <summary>
/// BCO on unpaired data: a binary classifier on implicit rewards around the running reward mean delta.
/// Jung et al. 2024, "Binary Classifier Optimization for Large Language Model Alignment",
/// https://arxiv.org/abs/2404.04656.
/// </summary>
/// <remarks>
/// With <c>r = beta (log pi - log pi_ref)</c>: desirable <c>-logsig(r - delta)</c>, undesirable
/// <c>-w(x) logsig(-(r - delta))</c>. Delta is the running mean of every reward seen while training, this batch
/// included (state under <c>bco</c>; metric <c>delta</c>). Underlying distribution matching: when the batch carries
/// <c>DesirableProbability</c> (a prompt classifier's P(desirable | x)), undesirable rows are weighted by
/// <c>w = clip(p / (1 - p + 1e-8), min, max)</c>; otherwise <c>w = 1</c>. As TRL's BCOTrainer.
/// </remarks>
public sealed class BcoObjective(BcoOptions options) : IUnpairedObjective
{
    public const string Name = "bco";

    private readonly BcoOptions _options = Valid.Options(options, Name);

    public ObjectiveInfo Info { get; } = new(Name,
        "BCO unpaired binary classifier with reward shift and optional UDM (Jung et al. 2024)",
        ObjectiveNeeds.ReferenceModel | ObjectiveNeeds.UnpairedData);

    public ObjectiveOutput Compute(UnpairedLogProbs logProbs, ObjectiveState state)
    {
        Unpaired.CheckShapes(logProbs);
        var rewards = _options.Beta * (logProbs.Policy - logProbs.Reference);
        var (delta, next) = RewardShift.Apply(rewards, state, Name, _options.Update);
        var undesirable = -nn.functional.logsigmoid(-(rewards - delta));
        if (logProbs.DesirableProbability is { } p)
            undesirable = DensityRatio(p) * undesirable;
        var losses = where(logProbs.IsDesirable, -nn.functional.logsigmoid(rewards - delta), undesirable);
        var output = Unpaired.Output(losses, rewards, logProbs.IsDesirable, next);
        return output with { Metrics = new Dictionary<string, Tensor> { ["delta"] = tensor(delta) } };
    }

    /// <summary>The UDM weight <c>p / (1 - p + 1e-8)</c>, clipped, without gradient.</summary>
    private Tensor DensityRatio(Tensor p) =>
        (p / (1.0 - p + 1e-8)).clamp(_options.MinDensityRatio, _options.MaxDensityRatio).detach();
}
