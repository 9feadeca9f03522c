using static TorchSharp.torch;

namespace Plumb.Objectives;

/// <summary>The arithmetic unpaired objectives share: shape checks and rewards split by label.</summary>
internal static class Unpaired
{
    public static void CheckShapes(UnpairedLogProbs u)
    {
        bool ok = u.Policy.dim() == 1
            && u.Policy.shape.SequenceEqual(u.Reference.shape)
            && u.Policy.shape.SequenceEqual(u.IsDesirable.shape)
            && u.IsDesirable.dtype == ScalarType.Bool;
        if (!ok)
            throw new ArgumentException(
                "Unpaired log-probs must be [N] vectors of equal length with a bool IsDesirable; got policy "
                + $"[{string.Join(",", u.Policy.shape)}], reference [{string.Join(",", u.Reference.shape)}], "
                + $"labels [{string.Join(",", u.IsDesirable.shape)}] {u.IsDesirable.dtype}.");
    }

    /// <summary>Losses in row order; rewards of desirable rows as chosen, undesirable rows as rejected.</summary>
    public static ObjectiveOutput Output(Tensor losses, Tensor rewards, Tensor isDesirable, ObjectiveState state)
    {
        var detached = rewards.detach();
        return new ObjectiveOutput(losses, detached.masked_select(isDesirable), detached.masked_select(~isDesirable))
        {
            State = state,
        };
    }
}
