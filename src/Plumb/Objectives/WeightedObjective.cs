namespace Plumb.Objectives;

/// <summary>One term of a <see cref="CompositeObjective"/>: an objective and its weight.</summary>
public sealed record WeightedObjective(IPreferenceObjective Objective, double Weight);
