using static TorchSharp.torch;

namespace Plumb.Objectives;

/// <summary>BCO's reward shift delta: a running mean of detached rewards, updated before it is read.</summary>
internal static class RewardShift
{
    /// <summary>Absorbs the batch's rewards (when training) and returns delta with the next state.</summary>
    public static (double Delta, ObjectiveState Next) Apply(
        Tensor rewards, ObjectiveState state, string owner, RewardShiftUpdate update)
    {
        var mean = state.MeanOf(owner);
        if (state.IsTraining && rewards.numel() > 0)
        {
            double batchMean = rewards.detach().to(ScalarType.Float64).mean().item<double>();
            double n = update == RewardShiftUpdate.PerReward ? rewards.numel() : 1.0;
            mean = mean.Update(batchMean, n);
            state = state.WithMean(owner, mean);
        }
        return (mean.Mean, state);
    }
}
