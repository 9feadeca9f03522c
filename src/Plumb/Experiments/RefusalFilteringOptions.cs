namespace Plumb.Experiments;

/// <summary>Settings of <see cref="RefusalFilteringExperiment"/>; the defaults are the documented run.</summary>
public sealed record RefusalFilteringOptions
{
    /// <summary>Seed of the corpus, the weights, the pairs and the data order.
    /// <value>The default value is 1.</value></summary>
    public int Seed { get; init; } = 1;

    /// <summary>Corpus examples for supervised training, half harmful.
    /// <value>The default value is 2000.</value></summary>
    public int CorpusSize { get; init; } = 2000;

    /// <summary>Supervised steps (AdamW, batch 32). <value>The default value is 300.</value></summary>
    public int PretrainSteps { get; init; } = 300;

    /// <summary>Peak learning rate of the supervised steps. <value>The default value is 3e-3.</value></summary>
    public double PretrainLearningRate { get; init; } = 3e-3;

    /// <summary>Preference pairs trained on, one per harmful request; the other requests are held out.
    /// <value>The default value is 80 (of 120 requests).</value></summary>
    public int TrainPairs { get; init; } = 80;

    /// <summary>Share of similar pairs (see <see cref="SimilarKind"/>); the rest are a refusal over a compliance.
    /// <value>The default value is 0.7, as "over 70%" in the paper's SORRY-Bench pairs.</value></summary>
    public double SimilarShare { get; init; } = 0.7;

    /// <summary>What a similar pair's rejected reply is.
    /// <value>The default value is <see cref="SimilarPairKind.OtherRefusal"/>.</value></summary>
    public SimilarPairKind SimilarKind { get; init; } = SimilarPairKind.OtherRefusal;

    /// <summary>Share of training pairs the CHES filter keeps (lowest LN-CHES).
    /// <value>The default value is 0.15, the paper's upper bound; it keeps 0.05.</value></summary>
    public double KeepFraction { get; init; } = 0.15;

    /// <summary>Percentile of ascending LN-CHES the kept window is centred on.
    /// <value>The default value is 0: the lowest, as the paper filters.</value></summary>
    public double Quantile { get; init; }

    /// <summary>DPO steps of the run on all pairs and of the same-steps filtered run.
    /// <value>The default value is 40 (4 epochs of 80 pairs).</value></summary>
    public int DpoSteps { get; init; } = 40;

    /// <summary>Pairs per DPO step. <value>The default value is 8.</value></summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>RMSprop learning rate of DPO. <value>The default value is 1e-4.</value></summary>
    public double DpoLearningRate { get; init; } = 1e-4;

    /// <summary>Optimizer of the DPO runs. <value>The default value is RMSprop, as the paper trains; plain SGD
    /// is the setting of the first-order analyses.</value></summary>
    public Training.OptimizerType Optimizer { get; init; } = Training.OptimizerType.RmsProp;

    /// <summary>DPO's beta. <value>The default value is 0.1.</value></summary>
    public double Beta { get; init; } = 0.1;

    /// <summary>Where the tokenizer and the runs are written; a temporary folder when null.
    /// <value>The default value is null.</value></summary>
    public string? WorkDir { get; init; }
}

/// <summary>How the refusal design builds the rejected reply of a similar pair.</summary>
public enum SimilarPairKind
{
    /// <summary>Another of the corpus's refusals, worded differently.</summary>
    OtherRefusal,

    /// <summary>The chosen refusal with one interior word said twice: a one-token edit whose tail repeats the
    /// chosen reply's tokens in shifted contexts (the small-edit-distance pairs of Pal et al. 2024, arXiv
    /// 2402.13228).</summary>
    Stutter,

    /// <summary>The chosen refusal said twice, a degenerate repetition: its second copy repeats the chosen
    /// reply's tokens after a state where the model expects the end of the reply.</summary>
    Repeat,
}
