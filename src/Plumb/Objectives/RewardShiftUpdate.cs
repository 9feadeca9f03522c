namespace Plumb.Objectives;

/// <summary>How BCO's running reward mean absorbs a batch.</summary>
public enum RewardShiftUpdate
{
    /// <summary>Every reward in the batch counts once (TRL's BCOTrainer, by the paper's authors).</summary>
    PerReward,

    /// <summary>The batch mean counts once per batch (TRL 0.28's DPOTrainer <c>bco_pair</c>).</summary>
    PerBatchMean,
}
