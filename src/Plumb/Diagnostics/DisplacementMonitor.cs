using System.Globalization;
namespace Plumb.Diagnostics;

/// <summary>
/// Watches a probe set and warns when the mean chosen log-prob falls while the margin grows: the signature of
/// likelihood displacement (Razin et al. 2024, arXiv 2410.08847).
/// </summary>
public sealed class DisplacementMonitor
{
    private readonly double[] _chosenAtStart;
    private readonly double[] _rejectedAtStart;
    private readonly double[]? _ches;
    private readonly DisplacementMonitorOptions _options;

    /// <summary>Starts from the step-0 log-probs; <paramref name="chesScores"/> are optional, one per pair.</summary>
    public DisplacementMonitor(
        IReadOnlyList<double> chosenAtStart,
        IReadOnlyList<double> rejectedAtStart,
        IReadOnlyList<double>? chesScores = null,
        DisplacementMonitorOptions? options = null)
    {
        _options = options ?? new DisplacementMonitorOptions();
        _options.Validate();
        if (chesScores is not null && chesScores.Count != chosenAtStart.Count)
            throw new ArgumentException(
                $"{chesScores.Count} CHES scores for {chosenAtStart.Count} probe pairs; pass one per pair.");
        _chosenAtStart = chosenAtStart.ToArray();
        _rejectedAtStart = rejectedAtStart.ToArray();
        _ches = chesScores?.ToArray();
    }

    /// <summary>The latest comparison against step 0, or null before the first observation.</summary>
    public DisplacementSummary? Latest { get; private set; }

    /// <summary>Records the probe log-probs at a step; returns a warning when displacement shows.</summary>
    public DisplacementWarning? Observe(int step, IReadOnlyList<double> chosenNow, IReadOnlyList<double> rejectedNow)
    {
        var summary = LikelihoodDisplacement.Compare(_chosenAtStart, _rejectedAtStart, chosenNow, rejectedNow);
        Latest = summary;
        bool chosenFell = summary.MeanChosenChange < -_options.Tolerance;
        bool marginGrew = summary.MeanMarginChange > _options.Tolerance;
        if (!chosenFell || !marginGrew)
            return null;

        var suspects = Suspects();
        return new DisplacementWarning(step, Describe(step, summary, suspects), summary, suspects);
    }

    /// <summary>Tensor form of <see cref="Observe"/>: two 1-D tensors of any float dtype.</summary>
    public DisplacementWarning? ObserveTensors(int step, TorchSharp.torch.Tensor chosenNow,
        TorchSharp.torch.Tensor rejectedNow) =>
        Observe(step, LikelihoodDisplacement.ToDoubles(chosenNow), LikelihoodDisplacement.ToDoubles(rejectedNow));

    private List<int> Suspects() =>
        _ches is null
            ? []
            : Enumerable.Range(0, _ches.Length).OrderByDescending(i => _ches[i]).ThenBy(i => i)
                .Take(_options.SuspectCount).ToList();

    private string Suspect(int i) => string.Create(CultureInfo.InvariantCulture, $"#{i} ({_ches![i]:G4})");

    private string Describe(int step, DisplacementSummary s, List<int> suspects)
    {
        int fell = s.Pairs.Count(p => p.ChosenChange < 0);
        string text = string.Create(CultureInfo.InvariantCulture,
            $"Likelihood displacement at step {step}: the mean log-prob of the chosen responses fell by "
            + $"{-s.MeanChosenChange:F3} nats since step 0 while the margin grew by {s.MeanMarginChange:F3}; "
            + $"{fell} of {s.Pairs.Count} probe pairs lost chosen likelihood.");
        if (suspects.Count > 0)
            text += " Pairs with the largest CHES: "
                + string.Join(", ", suspects.Select(Suspect)) + ".";
        return text + " Consider an SFT term on the chosen responses, or removing high-CHES pairs and checking "
            + "that the chosen log-probs then hold.";
    }
}
