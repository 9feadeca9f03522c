namespace Plumb.Training;

/// <summary>How the learning rate moves after warmup.</summary>
public enum LrSchedulerType
{
    /// <summary>Stay at the peak after warmup (HF's constant_with_warmup; HF's plain constant skips warmup).</summary>
    Constant,

    /// <summary>Decay linearly from the peak to zero at the last step (TRL's default).</summary>
    Linear,

    /// <summary>Half a cosine from the peak to zero at the last step.</summary>
    Cosine,
}

/// <summary>The optimizer that updates the policy's parameters.</summary>
public enum OptimizerType
{
    /// <summary>Adam with decoupled weight decay (Loshchilov and Hutter, arXiv:1711.05101).</summary>
    AdamW,

    /// <summary>RMSprop; its weight decay is an L2 term added to the gradient, as in PyTorch.</summary>
    RmsProp,

    /// <summary>Plain gradient descent without momentum (HF's <c>sgd</c>); the optimizer under which the
    /// first-order analyses of likelihood displacement and gradient entanglement hold exactly.</summary>
    Sgd,
}

/// <summary>
/// Settings of the training loop, named and defaulted as in TRL's <c>DPOConfig</c> / <c>TrainingArguments</c>.
/// </summary>
/// <remarks>Keys in a YAML recipe are the snake_case names listed in <see cref="TrainingOptionKeys"/>.</remarks>
public sealed record TrainingOptions
{
    /// <summary>Peak learning rate. <value>The default value is 1e-6 (TRL's DPOConfig).</value></summary>
    public double LearningRate { get; init; } = 1e-6;

    /// <summary>Examples per micro-batch. <value>The default value is 8.</value></summary>
    public int PerDeviceTrainBatchSize { get; init; } = 8;

    /// <summary>Examples per evaluation batch. <value>The default value is 8.</value></summary>
    public int PerDeviceEvalBatchSize { get; init; } = 8;

    /// <summary>Micro-batches summed into one optimizer step. <value>The default value is 1.</value></summary>
    public int GradientAccumulationSteps { get; init; } = 1;

    /// <summary>Passes over the training set when <see cref="MaxSteps"/> is not set.
    /// <value>The default value is 3.</value></summary>
    public double NumTrainEpochs { get; init; } = 3;

    /// <summary>Optimizer steps to take; -1 derives them from <see cref="NumTrainEpochs"/>.
    /// <value>The default value is -1.</value></summary>
    public int MaxSteps { get; init; } = -1;

    /// <summary>Fraction of the steps spent warming up, used when <see cref="WarmupSteps"/> is 0.
    /// <value>The default value is 0.</value></summary>
    public double WarmupRatio { get; init; }

    /// <summary>Optimizer steps of linear warmup from 0; overrides the ratio when positive.
    /// <value>The default value is 0.</value></summary>
    public int WarmupSteps { get; init; }

    /// <summary>Schedule after warmup. <value>The default value is linear.</value></summary>
    public LrSchedulerType LrSchedulerType { get; init; } = LrSchedulerType.Linear;

    /// <summary>Optimizer. <value>The default value is adamw.</value></summary>
    public OptimizerType Optim { get; init; } = OptimizerType.AdamW;

    /// <summary>Weight decay on matrices (never on biases or norm weights).
    /// <value>The default value is 0 (TRL's), passed explicitly to TorchSharp.</value></summary>
    public double WeightDecay { get; init; }

    /// <summary>Adam's β1. <value>The default value is 0.9.</value></summary>
    public double AdamBeta1 { get; init; } = 0.9;

    /// <summary>Adam's β2 (TorchSharp's optim.AdamW factory would say 0.99).
    /// <value>The default value is 0.999.</value></summary>
    public double AdamBeta2 { get; init; } = 0.999;

    /// <summary>Adam's ε (also RMSprop's). <value>The default value is 1e-8.</value></summary>
    public double AdamEpsilon { get; init; } = 1e-8;

    /// <summary>RMSprop's smoothing constant α. <value>The default value is 0.99.</value></summary>
    public double RmspropAlpha { get; init; } = 0.99;

    /// <summary>Gradient norm clip; 0 disables clipping. <value>The default value is 1.0.</value></summary>
    public double MaxGradNorm { get; init; } = 1.0;

    /// <summary>Seed of torch's generator and of the data order. <value>The default value is 42.</value></summary>
    public int Seed { get; init; } = 42;

    /// <summary>Optimizer steps between metric records. <value>The default value is 10.</value></summary>
    public int LoggingSteps { get; init; } = 10;

    /// <summary>Optimizer steps between evaluations; 0 means "as <see cref="LoggingSteps"/>".
    /// <value>The default value is 0.</value></summary>
    public int EvalSteps { get; init; }

    /// <summary>Optimizer steps between checkpoints; 0 disables periodic checkpoints.
    /// <value>The default value is 500.</value></summary>
    public int SaveSteps { get; init; } = 500;

    /// <summary>Checkpoints kept on disk, newest first; 0 keeps all.
    /// <value>The default value is 0.</value></summary>
    public int SaveTotalLimit { get; init; }

    /// <summary>Run directory: config, metrics, checkpoints, plots.
    /// <value>The default value is "output".</value></summary>
    public string OutputDir { get; init; } = "output";

    /// <summary>"latest", a checkpoint directory, or null to start fresh.
    /// <value>The default value is null.</value></summary>
    public string? ResumeFromCheckpoint { get; init; }

    /// <summary>Examples consumed by one optimizer step.</summary>
    public int EffectiveBatchSize => PerDeviceTrainBatchSize * GradientAccumulationSteps;

    /// <summary>The evaluation interval in optimizer steps, after resolving 0.</summary>
    public int ResolvedEvalSteps => EvalSteps > 0 ? EvalSteps : LoggingSteps;
}
