namespace Plumb.Training;

/// <summary>The shape of a run, derived from the options and the dataset sizes.</summary>
/// <param name="Options">The validated options.</param>
/// <param name="TrainExamples">Examples in the training set.</param>
/// <param name="EvalExamples">Examples in the held-out set (0 when none).</param>
/// <param name="StepsPerEpoch">Optimizer steps in one pass over the training set.</param>
/// <param name="TotalSteps">Optimizer steps in the run.</param>
/// <param name="StartStep">Steps already done (non-zero when resuming).</param>
/// <param name="Schedule">The learning-rate schedule.</param>
public sealed record TrainingPlan(
    TrainingOptions Options,
    int TrainExamples,
    int EvalExamples,
    int StepsPerEpoch,
    int TotalSteps,
    int StartStep,
    LearningRateSchedule Schedule)
{
    /// <summary>Plans a run, or says why the data cannot fill one optimizer step.</summary>
    public static TrainingPlan Create(TrainingOptions o, int trainExamples, int evalExamples)
    {
        int perEpoch = trainExamples / o.EffectiveBatchSize;
        if (perEpoch == 0)
            throw new PlumbException(
                $"The training set has {trainExamples} examples, fewer than one optimizer step needs "
                + $"(per_device_train_batch_size {o.PerDeviceTrainBatchSize} × gradient_accumulation_steps "
                + $"{o.GradientAccumulationSteps}); lower them or add data.");
        int total = o.MaxSteps > 0 ? o.MaxSteps : (int)Math.Ceiling(o.NumTrainEpochs * perEpoch);
        TrainingOptionsValidator.ValidatePlan(o, total);
        return new(o, trainExamples, evalExamples, perEpoch, total, 0, LearningRateSchedule.From(o, total));
    }

    /// <summary>Examples left out of each epoch because they do not fill a whole optimizer step.</summary>
    public int ExamplesLeftOutPerEpoch => TrainExamples - StepsPerEpoch * Options.EffectiveBatchSize;
}
