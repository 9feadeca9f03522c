namespace Plumb.Training;

/// <summary>Receives what a run reports; the library never writes to the console itself.</summary>
public interface ITrainingObserver
{
    /// <summary>The run is planned and about to take its first step.</summary>
    void OnStart(TrainingPlan plan) { }

    /// <summary>An optimizer step finished (cheap: no metric values, for progress bars).</summary>
    void OnStep(int step, int totalSteps) { }

    /// <summary>Training metrics averaged over the logging interval that ends at <c>record.Step</c>.</summary>
    void OnLog(MetricsRecord record) { }

    /// <summary>Held-out metrics, keys prefixed <c>eval_</c>.</summary>
    void OnEvaluate(MetricsRecord record) { }

    /// <summary>A checkpoint was completely written to <paramref name="directory"/>.</summary>
    void OnCheckpoint(int step, string directory) { }

    /// <summary>Something the user should know that does not stop the run.</summary>
    void OnWarning(string message) { }

    /// <summary>The run resumed from a checkpoint taken after <paramref name="step"/> steps.</summary>
    void OnResume(int step, string directory) { }

    /// <summary>The run finished, or stopped on request after saving a checkpoint.</summary>
    void OnEnd(TrainingResult result) { }
}
