using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Plumb.Experiments;

namespace Plumb.Cli.Commands;

/// <summary><c>plumb repro</c>: small CPU reproductions of published findings, each writing its numbers as JSON.
/// </summary>
internal static class ReproCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static Command Create(CliIO io)
    {
        var command = new Command("repro", "Reproduce published preference-learning findings on a tiny CPU model.");
        command.Subcommands.Add(Displacement(io));
        return command;
    }

    private static Command Displacement(CliIO io)
    {
        var seed = new Option<int>("--seed") { Description = "Seed of corpus, weights and order.", DefaultValueFactory = _ => 1 };
        var outDir = new Option<string>("--out") { Description = "Folder for displacement.json.", DefaultValueFactory = _ => "repro-out" };
        var dpoSteps = new Option<int?>("--dpo-steps") { Description = "DPO steps (default 100)." };
        var dpoLr = new Option<double?>("--dpo-lr") { Description = "RMSprop learning rate of DPO." };
        var pretrainSteps = new Option<int?>("--pretrain-steps") { Description = "Supervised steps (default 300)." };
        var command = new Command("displacement",
            "DPO on 'No' over 'Never' after one prompt: does P(No) fall and P(Yes) rise? (Razin et al. 2024)");
        foreach (var option in new Option[] { seed, outDir, dpoSteps, dpoLr, pretrainSteps })
            command.Options.Add(option);
        command.SetAction(r =>
        {
            var defaults = new DisplacementOptions();
            var options = defaults with
            {
                Seed = r.GetValue(seed),
                DpoSteps = r.GetValue(dpoSteps) ?? defaults.DpoSteps,
                DpoLearningRate = r.GetValue(dpoLr) ?? defaults.DpoLearningRate,
                PretrainSteps = r.GetValue(pretrainSteps) ?? defaults.PretrainSteps,
            };
            var result = DisplacementExperiment.Run(options, io.Error.WriteLine);
            Print(io.Out, result);
            string dir = Directory.CreateDirectory(r.GetValue(outDir)!).FullName;
            string path = Path.Combine(dir, "displacement.json");
            File.WriteAllText(path, JsonSerializer.Serialize(result, Json));
            io.Out.WriteLine($"wrote {path}");
            return 0;
        });
        return command;
    }

    private static void Print(TextWriter w, DisplacementResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        w.WriteLine($"DPO on '{r.Chosen}' over '{r.Rejected}' after: {r.Prompt.TrimEnd()}");
        w.WriteLine("token    before    after");
        foreach (var (word, before) in r.ProbabilitiesBefore)
            w.WriteLine(string.Create(inv, $"{word,-7} {before,8:F4} {r.ProbabilitiesAfter[word],8:F4}"));
        w.WriteLine("largest rises: " + string.Join(", ", r.TopIncreases.Select(t =>
            string.Create(inv, $"'{t.Token}' {t.Before:F4}->{t.After:F4}"))));
        w.WriteLine("pair          CHES      LN-CHES   unembedding CHES");
        foreach (var s in r.Similarities)
            w.WriteLine(string.Create(inv,
                $"{s.Chosen + "/" + s.Rejected,-12} {s.Ches,9:F3} {s.LengthNormalisedChes,9:F3} {s.UnembeddingChes,9:F3}"));
        w.WriteLine(string.Create(inv, $"wall time {r.WallSeconds:F1} s"));
    }
}
