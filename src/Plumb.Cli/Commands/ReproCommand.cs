using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Plumb.Experiments;
using Plumb.Training;
using TorchSharp;

namespace Plumb.Cli.Commands;

/// <summary><c>plumb repro</c>: small CPU reproductions of published findings, each writing its numbers as JSON.
/// </summary>
internal static class ReproCommand
{
    // NaN marks a mean over no pairs (a design without dissimilar pairs); JSON has no number for it.
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    // Tiny models run fastest on one torch thread; more threads only add synchronisation.
    private static readonly Option<int> Threads = new("--threads")
    {
        Description = "Torch CPU threads (default 1).", DefaultValueFactory = _ => 1, Recursive = true,
    };

    public static Command Create(CliIO io)
    {
        var command = new Command("repro", "Reproduce published preference-learning findings on a tiny CPU model.");
        command.Options.Add(Threads);
        command.Subcommands.Add(Displacement(io));
        command.Subcommands.Add(ChesFilter(io));
        return command;
    }

    private static Option<int> Seed(string description) =>
        new("--seed") { Description = description + " The default is 1.", DefaultValueFactory = _ => 1 };

    private static Option<string> Out(string description) =>
        new("--out")
        {
            Description = description + " The default is repro-out.", DefaultValueFactory = _ => "repro-out",
        };

    private static Option<string> Optim(string description)
    {
        var option = new Option<string>("--optim") { Description = description, DefaultValueFactory = _ => "rmsprop" };
        option.AcceptOnlyFromAmong("rmsprop", "sgd");
        return option;
    }

    private static OptimizerType OptimizerOf(string? name) => name == "sgd" ? OptimizerType.Sgd : OptimizerType.RmsProp;

    private static Command ChesFilter(CliIO io)
    {
        var seed = Seed("Seed of corpus, weights, pairs and order.");
        var outDir = Out("Folder for ches-filter.json.");
        var design = new Option<string>("--design")
        {
            Description = "persona (default): No/Never-style pairs; refusals: two refusals or a refusal over a "
                + "compliance, as the paper's Section 6; repeat: the rejected reply is the chosen refusal said "
                + "twice (90% of pairs by default); stutter: one word of it said twice.",
            DefaultValueFactory = _ => "persona",
        };
        design.AcceptOnlyFromAmong("persona", "refusals", "stutter", "repeat");
        var keep = new Option<double?>("--keep")
        {
            Description = "Share of pairs the filter keeps (default 0.5; refusals 0.15).",
        };
        var dpoSteps = new Option<int?>("--dpo-steps")
        {
            Description = "DPO steps of each run (default 60; refusals 40).",
        };
        var dpoLr = new Option<double?>("--dpo-lr") { Description = "RMSprop learning rate of DPO." };
        var unlikely = new Option<bool>("--unlikely-dissimilar")
        {
            Description = "Build dissimilar pairs from refusals (rejected reply already improbable).",
        };
        var pairs = new Option<int?>("--pairs") { Description = "Training pairs (default 30; refusals 80)." };
        var similarShare = new Option<double?>("--similar-share")
        {
            Description = "Refusal designs: share of similar pairs (default 0.7; repeat 0.9).",
        };
        var optim = Optim("Optimizer of the DPO runs (refusal designs): rmsprop (default, as the paper) or sgd.");
        var quantile = new Option<double?>("--quantile")
        {
            Description = "Percentile of LN-CHES the kept pairs centre on: 0 (default) lowest, 1 highest.",
        };
        var command = new Command("ches-filter",
            "DPO on every pair versus on the lowest-LN-CHES pairs: do chosen log-probs end higher when filtered?");
        foreach (var option in new Option[]
                 { seed, outDir, design, keep, dpoSteps, dpoLr, unlikely, pairs, quantile, similarShare, optim })
            command.Options.Add(option);
        command.SetAction(r =>
        {
            torch.set_num_threads(r.GetValue(Threads));
            if (r.GetValue(design) is "refusals" or "stutter" or "repeat")
            {
                var d = new RefusalFilteringOptions();
                var refusal = RefusalFilteringExperiment.Run(d with
                {
                    Seed = r.GetValue(seed),
                    KeepFraction = r.GetValue(keep) ?? d.KeepFraction,
                    DpoSteps = r.GetValue(dpoSteps) ?? d.DpoSteps,
                    DpoLearningRate = r.GetValue(dpoLr) ?? d.DpoLearningRate,
                    TrainPairs = r.GetValue(pairs) ?? d.TrainPairs,
                    Quantile = r.GetValue(quantile) ?? d.Quantile,
                    SimilarShare = r.GetValue(similarShare) ?? (r.GetValue(design) == "repeat" ? 0.9 : d.SimilarShare),
                    Optimizer = OptimizerOf(r.GetValue(optim)),
                    SimilarKind = r.GetValue(design) switch
                    {
                        "stutter" => SimilarPairKind.Stutter,
                        "repeat" => SimilarPairKind.Repeat,
                        _ => d.SimilarKind,
                    },
                }, io.Error.WriteLine);
                Print(io.Out, refusal);
                Write(io, r.GetValue(outDir)!, "ches-filter-refusals.json", refusal);
                return 0;
            }
            var defaults = new FilteringOptions();
            var options = defaults with
            {
                Seed = r.GetValue(seed),
                KeepFraction = r.GetValue(keep) ?? defaults.KeepFraction,
                DpoSteps = r.GetValue(dpoSteps) ?? defaults.DpoSteps,
                DpoLearningRate = r.GetValue(dpoLr) ?? defaults.DpoLearningRate,
                LikelyDissimilar = !r.GetValue(unlikely),
                TrainPairs = r.GetValue(pairs) ?? defaults.TrainPairs,
                Quantile = r.GetValue(quantile) ?? defaults.Quantile,
            };
            var result = FilteringExperiment.Run(options, io.Error.WriteLine);
            Print(io.Out, result);
            Write(io, r.GetValue(outDir)!, "ches-filter.json", result);
            return 0;
        });
        return command;
    }

    private static Command Displacement(CliIO io)
    {
        var seed = Seed("Seed of corpus, weights and order.");
        var outDir = Out("Folder for displacement.json.");
        var dpoSteps = new Option<int?>("--dpo-steps") { Description = "DPO steps (default 100)." };
        var dpoLr = new Option<double?>("--dpo-lr") { Description = "RMSprop learning rate of DPO." };
        var pretrainSteps = new Option<int?>("--pretrain-steps") { Description = "Supervised steps (default 300)." };
        var optim = Optim("Optimizer of the DPO steps: rmsprop (default, as the paper) or sgd.");
        var command = new Command("displacement",
            "DPO on 'No' over 'Never' after one prompt: does P(No) fall and P(Yes) rise? (Razin et al. 2024)");
        foreach (var option in new Option[] { seed, outDir, dpoSteps, dpoLr, pretrainSteps, optim })
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
                Optimizer = OptimizerOf(r.GetValue(optim)),
            };
            torch.set_num_threads(r.GetValue(Threads));
            var result = DisplacementExperiment.Run(options, io.Error.WriteLine);
            Print(io.Out, result);
            Write(io, r.GetValue(outDir)!, "displacement.json", result);
            return 0;
        });
        return command;
    }

    private static void Write<T>(CliIO io, string folder, string name, T result)
    {
        string path = Path.Combine(Directory.CreateDirectory(folder).FullName, name);
        File.WriteAllText(path, JsonSerializer.Serialize(result, Json));
        io.Out.WriteLine($"wrote {path}");
    }

    private static void Print(TextWriter w, FilteringResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        w.WriteLine(string.Create(inv, $"CHES filter kept {r.KeptPairs} of {r.TrainPairs} pairs "
            + $"({r.KeptDissimilar} dissimilar); mean LN-CHES similar {r.MeanLnChesSimilar:F3}, "
            + $"dissimilar {r.MeanLnChesDissimilar:F3}"));
        w.WriteLine("mean log-prob changes over the training pairs (similar/dissimilar: chosen on that kind)");
        w.WriteLine("run              pairs steps   chosen  similar  dissimilar  held-out  rejected  synonym");
        var runs = new[] { ("all", r.All), ("filtered", r.Filtered), ("filtered-epochs", r.FilteredSameEpochs) };
        foreach (var (name, run) in runs)
            w.WriteLine(string.Create(inv, $"{name,-16} {run.PairsTrained,5} {run.Steps,5} "
                + $"{run.TrainChosenChange,8:F3} {run.TrainSimilarChosenChange,8:F3} "
                + $"{run.TrainDissimilarChosenChange,11:F3} {run.HeldOutChosenChange,9:F3} "
                + $"{run.TrainRejectedChange,9:F3} {run.TrainSynonymChange,8:F3}"));
        w.WriteLine(string.Create(inv, $"wall time {r.WallSeconds:F1} s"));
    }

    private static void Print(TextWriter w, RefusalFilteringResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        string similar = r.SimilarKind switch
        {
            SimilarPairKind.Repeat => "a refusal over itself said twice",
            SimilarPairKind.Stutter => "a refusal over itself with one word doubled",
            _ => string.Create(inv, $"two refusals ({r.SimilarRejectingLikelier} reject the likelier one)"),
        };
        w.WriteLine(string.Create(inv, $"{r.SimilarPairs} of {r.TrainPairs} pairs are similar: {similar}; "
            + $"CHES filter kept {r.KeptPairs} ({r.KeptDissimilar} refusal over compliance)"));
        w.WriteLine(string.Create(inv, $"mean LN-CHES similar {r.MeanLnChesSimilar:F3}, refusal over "
            + $"compliance {r.MeanLnChesDissimilar:F3}; refusal probability before {r.RefusalBefore:F3} "
            + $"(held-out {r.HeldOutRefusalBefore:F3})"));
        w.WriteLine(string.Create(inv, $"a gradient step on the pair alone lowers its chosen log-prob (first order): "
            + $"{r.FirstOrderFallsSimilar:P0} of similar pairs, {r.FirstOrderFallsDissimilar:P0} of dissimilar"));
        w.WriteLine("mean log-prob changes over the training pairs; refusal probability after");
        w.WriteLine("run              pairs steps   chosen  similar  dissimilar  rejected  refusal  held-out");
        var runs = new[] { ("all", r.All), ("filtered", r.Filtered), ("filtered-epochs", r.FilteredSameEpochs),
            ("random-epochs", r.RandomSameEpochs), ("dissimilar-only", r.DissimilarOnly) };
        foreach (var (name, run) in runs)
            w.WriteLine(string.Create(inv, $"{name,-16} {run.PairsTrained,5} {run.Steps,5} "
                + $"{run.TrainChosenChange,8:F3} {run.SimilarChosenChange,8:F3} "
                + $"{run.DissimilarChosenChange,11:F3} {run.TrainRejectedChange,9:F3} "
                + $"{run.RefusalAfter,8:F3} {run.HeldOutRefusalAfter,9:F3}"));
        w.WriteLine(string.Create(inv, $"wall time {r.WallSeconds:F1} s"));
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
        w.WriteLine("pair          CHES      LN-CHES   unembedding CHES   <g+,g->/|g+|^2");
        foreach (var s in r.Similarities)
            w.WriteLine(string.Create(inv, $"{s.Chosen + "/" + s.Rejected,-12} {s.Ches,9:F3} "
                + $"{s.LengthNormalisedChes,9:F3} {s.UnembeddingChes,9:F3} {s.FirstOrderRatio,18:F3}"));
        w.WriteLine(string.Create(inv, $"wall time {r.WallSeconds:F1} s"));
    }
}
