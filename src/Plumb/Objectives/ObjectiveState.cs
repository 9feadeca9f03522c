using System.Collections.Immutable;

namespace Plumb.Objectives;

/// <summary>
/// The state objectives carry between batches (BCO's reward shift), passed in and returned so each call is pure.
/// </summary>
public sealed record ObjectiveState
{
    /// <summary>The state before the first batch, in training mode.</summary>
    public static ObjectiveState Initial { get; } = new();

    /// <summary>Running means keyed by the objective name that owns them.</summary>
    public ImmutableDictionary<string, RunningMean> Means { get; init; } =
        ImmutableDictionary<string, RunningMean>.Empty;

    /// <summary>Whether this batch updates running statistics (false in evaluation, TRL's <c>do_train</c>).</summary>
    public bool IsTraining { get; init; } = true;

    /// <summary>The running mean an objective owns, or <see cref="RunningMean.Empty"/>.</summary>
    public RunningMean MeanOf(string objective) => Means.GetValueOrDefault(objective, RunningMean.Empty);

    /// <summary>A copy with one objective's running mean replaced.</summary>
    public ObjectiveState WithMean(string objective, RunningMean mean) =>
        this with { Means = Means.SetItem(objective, mean) };
}
