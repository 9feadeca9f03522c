namespace Plumb.Experiments;

/// <summary>Settings of <see cref="FilteringExperiment"/>; the defaults are the documented run.</summary>
public sealed record FilteringOptions
{
    /// <summary>Seed of the corpus, the weights, the pairs and the data order.
    /// <value>The default value is 1.</value></summary>
    public int Seed { get; init; } = 1;

    /// <summary>Corpus examples for supervised training. <value>The default value is 2000.</value></summary>
    public int CorpusSize { get; init; } = 2000;

    /// <summary>Supervised steps (AdamW, batch 32). <value>The default value is 300.</value></summary>
    public int PretrainSteps { get; init; } = 300;

    /// <summary>Peak learning rate of the supervised steps. <value>The default value is 3e-3.</value></summary>
    public double PretrainLearningRate { get; init; } = 3e-3;

    /// <summary>Preference pairs trained on (half similar, half dissimilar); the rest of the statements are
    /// held out. <value>The default value is 30.</value></summary>
    public int TrainPairs { get; init; } = 30;

    /// <summary>Whether dissimilar pairs come from uncertain statements, whose rejected reply keeps about 10%
    /// probability, rather than from stanced ones, whose rejected reply is already near 0.1%.
    /// <value>The default value is true.</value></summary>
    public bool LikelyDissimilar { get; init; } = true;

    /// <summary>Share of training pairs the CHES filter keeps (lowest LN-CHES).
    /// <value>The default value is 0.5; the paper keeps 0.05 of a far larger set.</value></summary>
    public double KeepFraction { get; init; } = 0.5;

    /// <summary>Percentile of ascending LN-CHES the kept window is centred on; 1 keeps the highest, as a check.
    /// <value>The default value is 0: the lowest, as the paper filters.</value></summary>
    public double Quantile { get; init; }

    /// <summary>DPO steps of each run. <value>The default value is 60.</value></summary>
    public int DpoSteps { get; init; } = 60;

    /// <summary>Pairs per DPO step. <value>The default value is 8.</value></summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>RMSprop learning rate of DPO. <value>The default value is 3e-5.</value></summary>
    public double DpoLearningRate { get; init; } = 3e-5;

    /// <summary>DPO's beta. <value>The default value is 0.1.</value></summary>
    public double Beta { get; init; } = 0.1;

    /// <summary>Where the tokenizer and the runs are written; a temporary folder when null.
    /// <value>The default value is null.</value></summary>
    public string? WorkDir { get; init; }
}
