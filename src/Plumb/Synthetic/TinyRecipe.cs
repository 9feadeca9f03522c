namespace Plumb.Synthetic;

/// <summary>
/// Everything that decides the bundled tiny model and data; the same recipe rebuilds the same files.
/// </summary>
public sealed record TinyRecipe
{
    /// <summary>Seed of the corpus, the pairs, the initial weights and the data order.
    /// <value>The default value is 1234.</value></summary>
    public int Seed { get; init; } = 1234;

    /// <summary>Pretraining documents. <value>The default value is 20000.</value></summary>
    public int CorpusDocuments { get; init; } = 20_000;

    /// <summary>Most BPE merges to learn; the corpus runs out of pairs seen twice after 222, when every word
    /// is one token. <value>The default value is 300.</value></summary>
    public int Merges { get; init; } = 300;

    /// <summary>Model width. <value>The default value is 96.</value></summary>
    public int HiddenSize { get; init; } = 96;

    /// <summary>Decoder blocks. <value>The default value is 3.</value></summary>
    public int Layers { get; init; } = 3;

    /// <summary>Query heads. <value>The default value is 4.</value></summary>
    public int Heads { get; init; } = 4;

    /// <summary>Key/value heads (grouped-query attention). <value>The default value is 2.</value></summary>
    public int KeyValueHeads { get; init; } = 2;

    /// <summary>MLP width. <value>The default value is 256.</value></summary>
    public int IntermediateSize { get; init; } = 256;

    /// <summary>Context length. <value>The default value is 128.</value></summary>
    public int MaxPositions { get; init; } = 128;

    /// <summary>Pretraining optimizer steps. <value>The default value is 800.</value></summary>
    public int PretrainSteps { get; init; } = 800;

    /// <summary>Documents per pretraining step. <value>The default value is 32.</value></summary>
    public int PretrainBatchSize { get; init; } = 32;

    /// <summary>Peak pretraining learning rate (cosine decay, 5% warmup).
    /// <value>The default value is 3e-3.</value></summary>
    public double PretrainLearningRate { get; init; } = 3e-3;

    /// <summary>Preference pairs in the train split: 64 steps of 16.
    /// <value>The default value is 1024.</value></summary>
    public int TrainPairs { get; init; } = 1024;

    /// <summary>Preference pairs in the held-out (test) split. <value>The default value is 200.</value></summary>
    public int TestPairs { get; init; } = 200;
}
