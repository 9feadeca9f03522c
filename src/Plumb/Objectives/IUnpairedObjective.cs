namespace Plumb.Objectives;

/// <summary>An objective over unpaired, labelled completions (KTO, BCO).</summary>
public interface IUnpairedObjective
{
    ObjectiveInfo Info { get; }

    /// <summary>Per-row losses, and the rewards of desirable and undesirable rows, for one batch.</summary>
    ObjectiveOutput Compute(UnpairedLogProbs logProbs, ObjectiveState state);
}
