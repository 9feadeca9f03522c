using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Plumb.Models;
using Plumb.Training;

namespace Plumb.Diagnostics;

/// <summary>
/// Watches a run for likelihood displacement (Razin et al. 2024) and over-optimisation (Shi et al. 2024): at
/// the start and at every logging step it measures a fixed probe set, appends a row to
/// <c>diagnostics.jsonl</c> in the run directory, and raises plain-words warnings.
/// </summary>
/// <remarks>
/// Measurements run under no_grad in eval mode and their own dispose scopes, so the optimizer state and the
/// gradients are untouched. Warnings go to <c>warn</c> (the CLI passes the run's warning channel); each kind
/// is raised when it first appears and again only after it has cleared.
/// </remarks>
public sealed class DiagnosticsObserver : ITrainingObserver
{
    private readonly CausalLM _policy;
    private readonly ProbeSet _probe;
    private readonly Action<string> _warn;
    private readonly Func<int, string?>? _tokenText;
    private readonly DiagnosticsObserverOptions _options;
    private readonly OverOptimisationMonitor _overOptimisation;
    private IReadOnlyList<double>? _ches;
    private ProbeSnapshot? _start;
    private DisplacementMonitor? _displacement;
    private bool _displacementActive;
    private bool _overOptimisationActive;

    /// <summary>Creates an observer of <paramref name="policy"/> on <paramref name="probe"/>.</summary>
    /// <param name="policy">The model being trained.</param>
    /// <param name="probe">The fixed probe pairs and held-out sequences.</param>
    /// <param name="warn">Receives each warning's text.</param>
    /// <param name="chesScores">CHES per probe pair (any measure, larger is more prone); null computes LN-CHES
    /// on the probe set at the start.</param>
    /// <param name="tokenText">Renders a token id for the token-shift view; null writes ids only.</param>
    /// <param name="options">What to measure; null for the defaults.</param>
    public DiagnosticsObserver(CausalLM policy, ProbeSet probe, Action<string> warn,
        IReadOnlyList<double>? chesScores = null, Func<int, string?>? tokenText = null,
        DiagnosticsObserverOptions? options = null)
    {
        _options = options ?? new DiagnosticsObserverOptions();
        _options.Validate();
        if (chesScores is not null && chesScores.Count != probe.Pairs.Count)
            throw new ArgumentException($"{chesScores.Count} CHES scores for {probe.Pairs.Count} probe pairs.");
        (_policy, _probe, _warn, _ches, _tokenText) = (policy, probe, warn, chesScores, tokenText);
        _overOptimisation = new OverOptimisationMonitor(_options.OverOptimisation);
    }

    /// <summary>The file rows are appended to, once the run has started.</summary>
    public string? FilePath { get; private set; }

    /// <summary>Every warning raised so far, in order.</summary>
    public List<string> Warnings { get; } = [];

    /// <inheritdoc />
    public void OnStart(TrainingPlan plan)
    {
        Directory.CreateDirectory(plan.Options.OutputDir);
        FilePath = Path.Combine(plan.Options.OutputDir, _options.FileName);
        _ches ??= _probe.Ches(_policy).Select(c => c.Similarity.LengthNormalisedChes).ToList();
        var baseline = plan.StartStep > 0 ? ResumeBaseline(plan.StartStep) : null;
        if (baseline is null && File.Exists(FilePath))
            File.Delete(FilePath);
        var now = _probe.Measure(_policy);
        // On resume the log-prob baseline is step 0's, read back; the other views restart from the resume step.
        _start = baseline is { } b ? now with { Chosen = b.Chosen, Rejected = b.Rejected } : now;
        _displacement = new DisplacementMonitor(_start.Chosen, _start.Rejected, _ches, _options.Displacement);
        if (baseline is null)
            Append(Row(plan.StartStep, now, baselineRow: true));
    }

    /// <inheritdoc />
    public void OnLog(MetricsRecord record)
    {
        if (_start is null || _displacement is null)
            return;
        var now = _probe.Measure(_policy);
        var row = Row(record.Step, now, baselineRow: false);
        var raised = new JsonArray();
        if (Displacement(record.Step, now) is { } d)
            raised.Add(d);
        if (now.TopK is { } stats && OverOptimisation(record.Step, stats) is { } o)
            raised.Add(o);
        row["warnings"] = raised;
        Append(row);
    }

    private string? Displacement(int step, ProbeSnapshot now)
    {
        var warning = _displacement!.Observe(step, now.Chosen, now.Rejected);
        bool first = warning is not null && !_displacementActive;
        _displacementActive = warning is not null;
        if (!first)
            return null;
        return Raise(DescribeDisplacement(warning!, now));
    }

    private string? OverOptimisation(int step, TopKStatistics stats)
    {
        string? message = _overOptimisation.Observe(step, stats);
        bool first = message is not null && !_overOptimisationActive;
        _overOptimisationActive = message is not null;
        return first ? Raise(message!) : null;
    }

    private string Raise(string message)
    {
        Warnings.Add(message);
        _warn(message);
        return message;
    }

    private string DescribeDisplacement(DisplacementWarning warning, ProbeSnapshot now)
    {
        var s = warning.Summary;
        var inv = CultureInfo.InvariantCulture;
        int fell = s.Pairs.Count(p => p.ChosenChange < 0);
        string text = string.Create(inv, $"Likelihood displacement at step {warning.Step}: the chosen responses "
            + $"have become less likely (mean log-prob {_start!.Chosen.Average():F2} -> {now.Chosen.Average():F2} "
            + $"nats) while the margin grew by {s.MeanMarginChange:F2}; {fell} of {s.Pairs.Count} probe pairs "
            + $"lost chosen likelihood.");
        if (warning.SuspectPairs.Count > 0)
            text += " The probe pairs with the largest CHES are " + string.Join(", ", warning.SuspectPairs
                .Select(i => _probe.Pairs[i].Id + " (" + _ches![i].ToString("G3", inv) + ")")) + ".";
        return text + " Consider adding an SFT term on the chosen responses (--loss sigmoid,sft --loss-weights "
            + "1,0.2), or removing high-CHES pairs (plumb filter --by ches) and checking the result with plumb rank "
            + "--reference: filtering helped on some data and not on other (docs/repro-displacement.md).";
    }

    private JsonObject Row(int step, ProbeSnapshot now, bool baselineRow)
    {
        var summary = LikelihoodDisplacement.Compare(_start?.Chosen ?? now.Chosen, _start?.Rejected ?? now.Rejected,
            now.Chosen, now.Rejected);
        var row = new JsonObject
        {
            ["step"] = step,
            ["logps_chosen_mean"] = now.Chosen.Average(),
            ["logps_rejected_mean"] = now.Rejected.Average(),
            ["chosen_change"] = summary.MeanChosenChange,
            ["rejected_change"] = summary.MeanRejectedChange,
            ["margin_change"] = summary.MeanMarginChange,
            ["fraction_chosen_fell"] = summary.FractionChosenFell,
        };
        if (now.TopK is { } stats)
        {
            row["topk_entropy"] = stats.EntropyBits;
            row["topk_mass"] = stats.Mass;
        }
        if (baselineRow)
        {
            row["baseline"] = true;
            row["probe_ids"] = new JsonArray([.. _probe.Pairs.Select(p => (JsonNode)p.Id)]);
            row["chosen"] = Numbers(now.Chosen);
            row["rejected"] = Numbers(now.Rejected);
            if (_ches is not null)
                row["ches"] = Numbers(_ches);
        }
        else if (_start?.FirstTokenProbs is { } before && now.FirstTokenProbs is { } after)
            row["token_shifts"] = Shifts(before, after);
        return row;
    }

    private JsonArray Shifts(double[] before, double[] after)
    {
        using var b = TorchSharp.torch.tensor(before);
        using var a = TorchSharp.torch.tensor(after);
        var top = LikelihoodDisplacement.TopIncreases(b, a, _options.TokenShifts);
        return new JsonArray([.. top.Select(t => (JsonNode)new JsonObject
        {
            ["token"] = t.TokenId,
            ["text"] = _tokenText?.Invoke((int)t.TokenId),
            ["before"] = t.Before,
            ["after"] = t.After,
        })]);
    }

    private (double[] Chosen, double[] Rejected)? ResumeBaseline(int resumeStep)
    {
        if (FilePath is null || !File.Exists(FilePath))
            return null;
        var kept = new List<string>();
        (double[], double[])? baseline = null;
        foreach (string line in File.ReadLines(FilePath))
        {
            var row = JsonNode.Parse(line)!.AsObject();
            if ((int)row["step"]! > resumeStep)
                continue;
            kept.Add(line);
            if (row["baseline"] is not null && row["chosen"] is JsonArray c && row["rejected"] is JsonArray r
                && c.Count == _probe.Pairs.Count)
                baseline = (c.Select(x => (double)x!).ToArray(), r.Select(x => (double)x!).ToArray());
        }
        if (baseline is not null)
            File.WriteAllText(FilePath, string.Concat(kept.Select(l => l + "\n")));
        return baseline;
    }

    private void Append(JsonObject row) =>
        File.AppendAllText(FilePath!, row.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) + "\n");

    private static JsonArray Numbers(IEnumerable<double> values) =>
        new([.. values.Select(v => (JsonNode)JsonValue.Create(double.IsFinite(v) ? v : 0))]);
}
