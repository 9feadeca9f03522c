namespace Plumb.Objectives;

/// <summary>A registered objective's name, one-line description and what it needs from the batch.</summary>
/// <param name="Name">The name as TRL spells it where TRL has it (e.g. <c>sigmoid</c>, <c>bco_pair</c>).</param>
/// <param name="Description">One line: the method and its paper.</param>
/// <param name="Needs">What the batch must carry.</param>
public sealed record ObjectiveInfo(string Name, string Description, ObjectiveNeeds Needs)
{
    public bool NeedsReferenceModel => Needs.HasFlag(ObjectiveNeeds.ReferenceModel);

    public bool NeedsTokenLogProbs => Needs.HasFlag(ObjectiveNeeds.TokenLogProbs);

    public bool NeedsUnpairedData => Needs.HasFlag(ObjectiveNeeds.UnpairedData);
}
