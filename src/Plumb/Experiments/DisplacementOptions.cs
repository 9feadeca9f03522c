namespace Plumb.Experiments;

/// <summary>Settings of <see cref="DisplacementExperiment"/>; the defaults are the documented run.</summary>
public sealed record DisplacementOptions
{
    /// <summary>Seed of the corpus, the weights and the data order. <value>The default value is 1.</value></summary>
    public int Seed { get; init; } = 1;

    /// <summary>Corpus examples. <value>The default value is 2000.</value></summary>
    public int CorpusSize { get; init; } = 2000;

    /// <summary>Supervised steps (AdamW, batch 32) that teach the model to answer.
    /// <value>The default value is 300.</value></summary>
    public int PretrainSteps { get; init; } = 300;

    /// <summary>Peak learning rate of the supervised steps. <value>The default value is 3e-3.</value></summary>
    public double PretrainLearningRate { get; init; } = 3e-3;

    /// <summary>DPO steps on the single pair (full batch). <value>The default value is 100, as the paper.</value>
    /// </summary>
    public int DpoSteps { get; init; } = 100;

    /// <summary>RMSprop learning rate of the DPO steps. <value>The default value is 1e-4.</value></summary>
    public double DpoLearningRate { get; init; } = 1e-4;

    /// <summary>Optimizer of the DPO steps. <value>The default value is RMSprop, as the paper; plain SGD is the
    /// setting of the first-order analyses.</value></summary>
    public Training.OptimizerType Optimizer { get; init; } = Training.OptimizerType.RmsProp;

    /// <summary>DPO's beta. <value>The default value is 0.1, as the paper.</value></summary>
    public double Beta { get; init; } = 0.1;

    /// <summary>Where the tokenizer and the trainer's runs are written; a temporary folder when null.
    /// <value>The default value is null.</value></summary>
    public string? WorkDir { get; init; }
}
