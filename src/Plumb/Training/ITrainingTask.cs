namespace Plumb.Training;

/// <summary>
/// An objective the <see cref="Trainer{TExample}"/> optimises: it turns a micro-batch into per-example losses
/// and metrics. The trainer owns batching, loss scaling, the optimizer, checkpoints and logging.
/// </summary>
/// <typeparam name="TExample">One training example, e.g. a tokenized preference pair.</typeparam>
public interface ITrainingTask<in TExample>
{
    /// <summary>
    /// Runs the policy (with gradients) on a micro-batch. Return per-example losses, not their mean:
    /// the trainer divides their sum by the examples of the whole optimizer step, so accumulation is exact.
    /// </summary>
    TaskOutput Forward(IReadOnlyList<TExample> batch);

    /// <summary>Runs the objective on a held-out batch; the trainer calls it under no_grad in eval mode.</summary>
    TaskOutput Evaluate(IReadOnlyList<TExample> batch) => Forward(batch);

    /// <summary>A stable id of an example, named in error messages (e.g. the dataset row id).</summary>
    string IdOf(TExample example);

    /// <summary>Called after each optimizer step; e.g. TR-DPO syncs its reference here.</summary>
    void AfterOptimizerStep(int step) { }

    /// <summary>Writes the objective's own state (e.g. a running mean) into a checkpoint directory.</summary>
    void SaveState(string directory) { }

    /// <summary>Restores what <see cref="SaveState"/> wrote.</summary>
    void LoadState(string directory) { }
}
