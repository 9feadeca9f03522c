namespace Plumb.Training;

/// <summary>Forwards every event to several observers, in order.</summary>
/// <param name="Observers">The observers to notify.</param>
public sealed record CompositeObserver(params IReadOnlyList<ITrainingObserver> Observers) : ITrainingObserver
{
    public void OnStart(TrainingPlan plan) => Each(o => o.OnStart(plan));
    public void OnStep(int step, int totalSteps) => Each(o => o.OnStep(step, totalSteps));
    public void OnLog(MetricsRecord record) => Each(o => o.OnLog(record));
    public void OnEvaluate(MetricsRecord record) => Each(o => o.OnEvaluate(record));
    public void OnCheckpoint(int step, string directory) => Each(o => o.OnCheckpoint(step, directory));
    public void OnWarning(string message) => Each(o => o.OnWarning(message));
    public void OnResume(int step, string directory) => Each(o => o.OnResume(step, directory));
    public void OnEnd(TrainingResult result) => Each(o => o.OnEnd(result));

    private void Each(Action<ITrainingObserver> notify)
    {
        foreach (var observer in Observers)
            notify(observer);
    }
}
