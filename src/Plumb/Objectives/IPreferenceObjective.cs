namespace Plumb.Objectives;

/// <summary>An objective over chosen/rejected pairs: a pure function of log-probs and the incoming state.</summary>
public interface IPreferenceObjective
{
    ObjectiveInfo Info { get; }

    /// <summary>Per-pair losses and rewards for one batch; the returned state feeds the next batch.</summary>
    ObjectiveOutput Compute(PreferenceLogProbs logProbs, ObjectiveState state);
}
