using System.CommandLine;
using System.Globalization;
using Plumb.Diagnostics;
using Spectre.Console;

namespace Plumb.Cli.Commands;

/// <summary>
/// <c>plumb entangle</c>: gradient entanglement on sampled pairs (Yuan et al. 2024): whether one DPO step would
/// raise the chosen and lower the rejected log-prob, or move both together.
/// </summary>
internal static class EntangleCommand
{
    public static Command Create(CliIO io)
    {
        var command = new Command("entangle", "Gradient entanglement of chosen and rejected on sampled pairs.");
        var inputs = new DiagnosticInputs().AddTo(command);
        var count = new Option<int?>("--pairs") { Description = "Pairs to sample (default 16)." };
        var prefix = new Option<string?>("--params")
        {
            Description = "Only parameters whose name starts with this prefix (default: all trainable).",
        };
        var seed = new Option<int?>("--seed") { Description = "Sampling seed (default 0)." };
        var output = new Option<string?>("--out") { Description = "Per-pair results (JSONL)." };
        foreach (Option option in new Option[] { count, prefix, seed, output })
            command.Options.Add(option);
        command.SetAction(r => Run(io, r, inputs, r.GetValue(count) ?? 16, r.GetValue(prefix), r.GetValue(seed) ?? 0,
            r.GetValue(output)));
        return command;
    }

    /// <summary>The result written to the run directory as entangle.json.</summary>
    internal sealed record EntangleResult(EntanglementSummary Summary, double MeanChosenNorm,
        double MeanRejectedNorm, string? Parameters, IReadOnlyList<string> Ids);

    private static int Run(CliIO io, ParseResult r, DiagnosticInputs inputs, int count, string? prefix, int seed,
        string? output)
    {
        inputs.RefuseOverwritingData(r, output);
        string modelDir = r.GetValue(inputs.Model)!;
        var loaded = inputs.LoadPairs(r, modelDir);
        using var model = inputs.LoadModel(r, modelDir);
        var picked = EntanglementSampler.Sample(loaded.Pairs.Count, count, seed)
            .Select(i => loaded.Pairs[i]).ToList();
        var measured = EntanglementSampler.Measure(model, picked, loaded.PadId, prefix, inputs.ResolveDevice(r));
        var result = new EntangleResult(GradientEntanglement.Summarise(measured),
            measured.Average(m => Math.Sqrt(m.ChosenNormSquared)),
            measured.Average(m => Math.Sqrt(m.RejectedNormSquared)), prefix, picked.Select(p => p.Id).ToList());
        if (output is not null)
            WritePerPair(output, picked.Select(p => p.Id).ToList(), measured);
        Print(io, result);
        inputs.SaveToRun(r, "entangle.json", result);
        return 0;
    }

    // One line per sampled pair; chosen_falls is the first-order sign of a DPO step on that pair alone.
    private static void WritePerPair(string path, IReadOnlyList<string> ids, IReadOnlyList<PairEntanglement> pairs)
    {
        ChesCommand.CreateParent(path);
        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false));
        for (int i = 0; i < pairs.Count; i++)
        {
            var p = pairs[i];
            writer.Write(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["id"] = ids[i],
                ["inner_product"] = p.InnerProduct,
                ["chosen_norm_squared"] = p.ChosenNormSquared,
                ["rejected_norm_squared"] = p.RejectedNormSquared,
                ["cosine"] = p.Cosine,
                ["condition_ratio"] = p.ConditionRatio,
                ["entangled"] = p.Entangled,
                ["chosen_falls"] = !p.ChosenRises,
            }));
            writer.Write('\n');
        }
    }

    private static void Print(CliIO io, EntangleResult result)
    {
        var s = result.Summary;
        var table = new Table().AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("pairs", s.Pairs.ToString(CultureInfo.InvariantCulture));
        table.AddRow("mean <g_chosen, g_rejected>", CliTables.Number(s.MeanInnerProduct));
        table.AddRow("mean cosine", CliTables.Number(s.MeanCosine));
        table.AddRow("mean |g_chosen|", CliTables.Number(result.MeanChosenNorm));
        table.AddRow("mean |g_rejected|", CliTables.Number(result.MeanRejectedNorm));
        table.AddRow("mean <g_c, g_r> / min(|g_c|^2, |g_r|^2)", CliTables.Number(s.MeanConditionRatio));
        table.AddRow("share failing the condition (entangled)", CliTables.Number(s.EntangledShare));
        table.AddRow("share where a DPO step lowers chosen", CliTables.Number(s.ChosenFallsShare));
        CliTables.Console(io.Out).Write(table);
        io.Out.WriteLine("A pair is entangled when <g_c, g_r> >= min(|g_c|^2, |g_r|^2): to first order a DPO step "
            + "then moves both log-probs the same way.");
    }
}
