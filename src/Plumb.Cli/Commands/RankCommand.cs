using System.CommandLine;
using System.Text;
using System.Text.Json;
using Plumb.Data.Sources;
using Plumb.Diagnostics;
using Spectre.Console;

namespace Plumb.Cli.Commands;

/// <summary>
/// <c>plumb rank</c>: ranking accuracy, its idealised value under the optimal DPO policy, the gap and each
/// pair's difficulty (Chen et al. 2024, arXiv 2405.19534); with --reference also the implicit reward's ECE.
/// </summary>
internal static class RankCommand
{
    /// <summary>Columns read as the share of raters preferring the chosen response, first found wins.</summary>
    public static readonly string[] PreferenceColumns = ["preference_probability", "alpha"];

    public static Command Create(CliIO io)
    {
        var command = new Command("rank", "Ranking accuracy, idealised ranking accuracy and per-pair difficulty.");
        var inputs = new DiagnosticInputs().AddTo(command);
        var reference = new Option<string?>("--reference") { Description = "Reference model directory." };
        var beta = new Option<double?>("--beta") { Description = "DPO beta of the optimal policy (default 0.1)." };
        var output = new Option<string?>("--out") { Description = "Per-pair results (JSONL)." };
        var column = new Option<string?>("--preference-column")
        {
            Description = "Column with the share of raters preferring chosen, in [0, 1] "
                + "(default: preference_probability, else alpha; absent means unanimous).",
        };
        foreach (Option option in new Option[] { reference, beta, output, column })
            command.Options.Add(option);
        command.SetAction(r => Run(io, r, inputs, r.GetValue(reference), r.GetValue(beta) ?? 0.1,
            r.GetValue(output), r.GetValue(column)));
        return command;
    }

    /// <summary>The summary written to the run directory as rank.json.</summary>
    internal sealed record RankSummary(int Pairs, double Beta, double RankingAccuracy,
        double LengthNormalisedRankingAccuracy, double IdealisedRankingAccuracy, double Gap,
        bool HasReference, int PairsWithPreferenceProbability, double? ExpectedCalibrationError,
        IReadOnlyList<CalibrationBin>? CalibrationBins, IReadOnlyList<string> HardestPairs,
        Displacement? Displacement);

    /// <summary>How the log-probs moved from the reference to the model, over the data: likelihood displacement
    /// when the chosen log-prob fell (Razin et al. 2024, arXiv 2410.08847).</summary>
    internal sealed record Displacement(double MeanChosenChange, double MeanRejectedChange, double ChosenFellShare);

    private static int Run(CliIO io, ParseResult r, DiagnosticInputs inputs, string? referenceDir, double beta,
        string? output, string? column)
    {
        if (!(beta > 0))
            throw new PlumbException($"--beta {beta}: use a positive value such as 0.1.");
        inputs.RefuseOverwritingData(r, output);
        string modelDir = r.GetValue(inputs.Model)!;
        var loaded = inputs.LoadPairs(r, modelDir);
        var policy = Score(inputs, r, modelDir, loaded);
        var reference = referenceDir is null ? policy : Score(inputs, r, referenceDir, loaded);
        var alphas = PreferenceProbabilities(r.GetValue(inputs.Data)!, column);

        var pairs = policy.Select((p, i) => new RankingPair(p.Chosen, p.Rejected, reference[i].Chosen,
            reference[i].Rejected, alphas.TryGetValue(p.Id, out var a) ? a : null)).ToList();
        var report = RankingAccuracy.Evaluate(pairs, beta);
        var calibration = referenceDir is null ? null : PreferenceCalibration.Evaluate(
            pairs.Select(p => p.PolicyChosen - p.ReferenceChosen - (p.PolicyRejected - p.ReferenceRejected))
                .ToList(), beta);
        var displacement = referenceDir is null ? null : new Displacement(
            pairs.Average(p => p.PolicyChosen - p.ReferenceChosen),
            pairs.Average(p => p.PolicyRejected - p.ReferenceRejected),
            pairs.Count(p => p.PolicyChosen < p.ReferenceChosen) / (double)pairs.Count);
        var summary = Summarise(policy, report, calibration, displacement,
            pairs.Count(p => p.PreferenceProbability is not null));

        if (output is not null)
            WritePerPair(output, policy, reference, pairs, report);
        Print(io, summary, referenceDir is null);
        inputs.SaveToRun(r, "rank.json", summary);
        return 0;
    }

    private static List<PairLogProbs> Score(DiagnosticInputs inputs, ParseResult r, string dir, LoadedPairs loaded)
    {
        using var model = inputs.LoadModel(r, dir);
        return PairScorer.LogProbs(model, loaded.Pairs, loaded.PadId, inputs.Batch(r), inputs.ResolveDevice(r))
            .ToList();
    }

    private static RankSummary Summarise(List<PairLogProbs> policy, RankingReport report,
        CalibrationReport? calibration, Displacement? displacement, int withAlpha)
    {
        double normalised = RankingAccuracy.ComputeLengthNormalised(
            policy.Select(p => p.Chosen).ToList(), policy.Select(p => p.Rejected).ToList(),
            policy.Select(p => p.ChosenLength).ToList(), policy.Select(p => p.RejectedLength).ToList());
        var hardest = report.Pairs.Where(p => !p.Ranked).OrderBy(p => p.LossThreshold).Take(10)
            .Select(p => policy[p.Index].Id).ToList();
        return new RankSummary(policy.Count, report.Beta, report.RankingAccuracy, normalised,
            report.IdealisedRankingAccuracy, report.Gap, displacement is not null, withAlpha,
            calibration?.ExpectedCalibrationError, calibration?.Bins, hardest, displacement);
    }

    /// <summary>Pair id to the preference probability column's value, for the rows that have one.</summary>
    internal static Dictionary<string, double> PreferenceProbabilities(string data, string? column)
    {
        var found = new Dictionary<string, double>(StringComparer.Ordinal);
        string[] names = column is null ? PreferenceColumns : [column];
        foreach (var record in RecordSource.Read(data).Where(rec => rec.Error is null))
        {
            string? name = names.FirstOrDefault(record.Fields.ContainsKey);
            if (name is null || record.Fields[name] is null)
                continue;
            double value = record.Fields[name] switch
            {
                double d => d,
                long l => l,
                var other => throw new PlumbException($"{record.Origin}: field '{name}' is {other}; the "
                    + "preference probability must be a number in [0, 1] (share of raters preferring chosen)."),
            };
            if (!(value >= 0 && value <= 1))
                throw new PlumbException($"{record.Origin}: field '{name}' is {value}; the preference "
                    + "probability must lie in [0, 1].");
            found[record.Origin.Id] = value;
        }
        if (column is not null && found.Count == 0)
            throw new PlumbException($"{data}: no record has a number in column '{column}'; check "
                + "--preference-column, or leave it out to treat every pair as unanimous.");
        return found;
    }

    private static void WritePerPair(string path, List<PairLogProbs> policy, List<PairLogProbs> reference,
        List<RankingPair> pairs, RankingReport report)
    {
        ChesCommand.CreateParent(path);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        for (int i = 0; i < policy.Count; i++)
        {
            var p = policy[i];
            var row = report.Pairs[i];
            var line = new Dictionary<string, object?>
            {
                ["id"] = p.Id,
                ["policy_chosen"] = p.Chosen,
                ["policy_rejected"] = p.Rejected,
                ["reference_chosen"] = reference[i].Chosen,
                ["reference_rejected"] = reference[i].Rejected,
                ["chosen_tokens"] = p.ChosenLength,
                ["rejected_tokens"] = p.RejectedLength,
                ["preference_probability"] = pairs[i].PreferenceProbability,
                ["ranked"] = row.Ranked,
                ["ranked_length_normalised"] = p.Chosen / p.ChosenLength >= p.Rejected / p.RejectedLength,
                ["ideal_ranked"] = row.IdealRanked,
                ["loss_threshold"] = row.LossThreshold,
                ["dpo_loss"] = row.DpoLoss,
            };
            writer.Write(JsonSerializer.Serialize(line));
            writer.Write('\n');
        }
    }

    private static void Print(CliIO io, RankSummary s, bool selfReference)
    {
        var table = new Table().AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("pairs", s.Pairs.ToString());
        table.AddRow("ranking accuracy", CliTables.Number(s.RankingAccuracy));
        table.AddRow("length-normalised ranking accuracy", CliTables.Number(s.LengthNormalisedRankingAccuracy));
        table.AddRow($"idealised ranking accuracy (beta {CliTables.Number(s.Beta)})",
            CliTables.Number(s.IdealisedRankingAccuracy));
        table.AddRow("gap (idealised - actual)", CliTables.Number(s.Gap));
        if (s.ExpectedCalibrationError is { } ece)
            table.AddRow("expected calibration error of sigmoid(beta * margin)", CliTables.Number(ece));
        if (s.Displacement is { } d)
        {
            table.AddRow("mean change in log π(chosen) since the reference", CliTables.Number(d.MeanChosenChange));
            table.AddRow("mean change in log π(rejected) since the reference",
                CliTables.Number(d.MeanRejectedChange));
            table.AddRow("share of pairs whose chosen log-prob fell", CliTables.Number(d.ChosenFellShare));
        }
        CliTables.Console(io.Out).Write(table);
        if (selfReference)
            io.Out.WriteLine("no --reference: the model is its own reference (idealised accuracy is that of the "
                + "optimal policy trained from it; no calibration).");
        io.Out.WriteLine(s.PairsWithPreferenceProbability > 0
            ? $"preference probabilities read for {s.PairsWithPreferenceProbability} of {s.Pairs} pairs"
            : "no preference probability column: pairs are treated as unanimous (alpha = 1)");
        if (s.HardestPairs.Count > 0)
            io.Out.WriteLine("hardest misranked pairs (lowest DPO loss they must reach to rank correctly): "
                + string.Join(", ", s.HardestPairs));
    }
}
