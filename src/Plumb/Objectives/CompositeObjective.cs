using System.Globalization;
using static TorchSharp.torch;

namespace Plumb.Objectives;

/// <summary>
/// Several paired objectives at once: per-example losses <c>sum_k w_k loss_k</c>, as TRL's list-valued
/// <c>loss_type</c> with <c>loss_weights</c>.
/// </summary>
/// <remarks>
/// The batch mean of the summed losses equals TRL's <c>sum_k w_k mean(loss_k)</c>. Rewards come from the first
/// term. Metrics: each term's own, plus <c>loss/NAME</c> (the term's unweighted mean loss). State passes through
/// the terms in order.
/// </remarks>
public sealed class CompositeObjective : IPreferenceObjective
{
    public CompositeObjective(IReadOnlyList<WeightedObjective> terms)
    {
        if (terms.Count == 0)
            throw new PlumbException("At least one objective is needed; for example loss_type 'sigmoid'.");
        foreach (var t in terms.Where(t => !double.IsFinite(t.Weight)))
            throw new PlumbException(
                $"The weight of '{t.Objective.Info.Name}' must be a finite number; got {t.Weight}.");
        Terms = terms;
        Info = new ObjectiveInfo(
            string.Join(",", terms.Select(t => t.Objective.Info.Name)),
            string.Join(" + ", terms.Select(t => $"{t.Weight.ToString(CultureInfo.InvariantCulture)} x "
                + t.Objective.Info.Description)),
            terms.Aggregate(ObjectiveNeeds.None, (needs, t) => needs | t.Objective.Info.Needs));
    }

    public IReadOnlyList<WeightedObjective> Terms { get; }

    public ObjectiveInfo Info { get; }

    /// <summary>
    /// Builds the objective from comma-separated names and optional weights (default 1 each), e.g.
    /// <c>"sigmoid,sft"</c> and <c>"1,0.2"</c>.
    /// </summary>
    public static CompositeObjective Parse(string names, string? weights = null, ObjectiveSettings? settings = null)
    {
        var s = settings ?? ObjectiveSettings.Default;
        var parsedNames = Split(names);
        if (parsedNames.Count == 0)
            throw new PlumbException("loss_type is empty; name at least one objective, e.g. 'sigmoid'.");
        foreach (var name in parsedNames) ObjectiveRegistry.Find(name);
        var duplicate = parsedNames.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new PlumbException($"loss_type names '{duplicate.Key}' twice; give each objective once.");
        var parsedWeights = ParseWeights(weights, parsedNames);
        ObjectiveRegistry.CheckSettingsUsed(parsedNames, s);
        var terms = parsedNames
            .Select((name, i) => new WeightedObjective(ObjectiveRegistry.CreatePaired(name, s), parsedWeights[i]))
            .ToList();
        return new CompositeObjective(terms);
    }

    public ObjectiveOutput Compute(PreferenceLogProbs logProbs, ObjectiveState state)
    {
        Tensor? losses = null;
        ObjectiveOutput? first = null;
        var metrics = new Dictionary<string, Tensor>();
        foreach (var term in Terms)
        {
            var output = term.Objective.Compute(logProbs, state);
            state = output.State;
            first ??= output;
            var weighted = term.Weight * output.Losses;
            losses = losses is null ? weighted : losses + weighted;
            metrics[$"loss/{term.Objective.Info.Name}"] = output.Losses.mean().detach();
            foreach (var (key, value) in output.Metrics)
                metrics[metrics.ContainsKey(key) ? $"{term.Objective.Info.Name}/{key}" : key] = value;
        }
        return first! with { Losses = losses!, Metrics = metrics, State = state };
    }

    private static List<string> Split(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();

    private static List<double> ParseWeights(string? weights, List<string> names)
    {
        if (string.IsNullOrWhiteSpace(weights)) return names.Select(_ => 1.0).ToList();
        var parts = Split(weights);
        if (parts.Count != names.Count)
            throw new PlumbException(
                $"loss_weights has {parts.Count} value(s) but loss_type names {names.Count} objective(s) "
                + $"({string.Join(", ", names)}); give one weight per objective, in the same order.");
        return parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var w)
            ? w
            : throw new PlumbException($"loss_weights value '{p}' is not a number; use e.g. '1,0.2'.")).ToList();
    }
}
