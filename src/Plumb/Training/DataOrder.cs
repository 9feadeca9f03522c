namespace Plumb.Training;

/// <summary>A seeded shuffle per epoch, so that a step number alone says which examples it trains on.</summary>
/// <param name="Count">Examples in the training set.</param>
/// <param name="Seed">The run's seed.</param>
public sealed record DataOrder(int Count, int Seed)
{
    private int[]? _permutation;
    private int _epoch = -1;

    /// <summary>The example indices of one optimizer step: consecutive slots of its epoch's permutation.</summary>
    public int[] ForStep(int completedSteps, int stepsPerEpoch, int effectiveBatch)
    {
        int epoch = completedSteps / stepsPerEpoch;
        int start = completedSteps % stepsPerEpoch * effectiveBatch;
        return Permutation(epoch).AsSpan(start, effectiveBatch).ToArray();
    }

    /// <summary>The shuffled indices of <paramref name="epoch"/>; the same for the same seed and epoch.</summary>
    public int[] Permutation(int epoch)
    {
        if (_epoch == epoch && _permutation is not null)
            return _permutation;
        // System.Random with a seed is the stable legacy algorithm, identical across runs and .NET versions.
        var random = new Random(unchecked(Seed * 1_000_003 + epoch));
        var order = Enumerable.Range(0, Count).ToArray();
        random.Shuffle(order);
        (_epoch, _permutation) = (epoch, order);
        return order;
    }
}
