using static TorchSharp.torch;

namespace Plumb.Objectives;

/// <summary>
/// Per-example losses and implicit rewards; the caller reduces (usually a mean) and logs.
/// </summary>
/// <param name="Losses">One loss per example, [B] (unreduced, with gradient).</param>
/// <param name="ChosenRewards">Detached rewards of chosen (desirable) completions, for <c>rewards/chosen</c>.</param>
/// <param name="RejectedRewards">Detached rewards of rejected (undesirable) completions.</param>
public sealed record ObjectiveOutput(Tensor Losses, Tensor ChosenRewards, Tensor RejectedRewards)
{
    /// <summary>Extra detached values keyed by their TRL metric name (e.g. <c>nll_loss</c>, <c>kl</c>).</summary>
    public IReadOnlyDictionary<string, Tensor> Metrics { get; init; } = new Dictionary<string, Tensor>();

    /// <summary>The objective state after this batch; pass it to the next call to resume.</summary>
    public ObjectiveState State { get; init; } = ObjectiveState.Initial;
}
