using System.Diagnostics;
using Plumb.Data;
using Plumb.Diagnostics;
using Plumb.Models;
using Plumb.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Experiments;

/// <summary>
/// Does removing high-CHES pairs keep chosen log-probs up? DPO on every pair of a synthetic set versus on the
/// pairs <see cref="ChesFilter"/> keeps, as Razin et al. 2024 (arXiv 2410.08847, Sec. 6) filter.
/// </summary>
/// <remarks>
/// Half the pairs are similar (the rejected reply swaps the first word for its near-synonym: "No, I would not."
/// over "Never, I would not.") and half dissimilar: by default "Maybe, I am not sure." over "Yes, I would." on
/// uncertain statements, where the rejected reply is still likely; otherwise "No, I would not." over
/// "Yes, I would." on refusals, where it is already improbable. <see cref="RefusalFilteringExperiment"/> is the
/// design closer to the paper's Section 6 (two refusals versus a refusal over a compliance).
/// </remarks>
public static class FilteringExperiment
{
    /// <summary>One preference pair as text, marked similar when the two replies are near-synonyms.</summary>
    /// <remarks><c>Synonym</c> is the chosen reply's near-synonym ("Never, I would not." for "No, I would not."),
    /// which is the rejected reply of a similar pair and is tracked in every pair to see where mass goes.</remarks>
    public sealed record TextPair(string Prompt, string Chosen, string Rejected, bool Similar, string Synonym);

    /// <summary>Runs supervised training, scores the pairs, then DPO twice from the same weights.</summary>
    public static FilteringResult Run(FilteringOptions options, Action<string>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        string work = options.WorkDir ?? Path.Combine(Path.GetTempPath(), $"plumb-filter-{Guid.NewGuid():N}");
        try
        {
            return RunIn(work, options, progress ?? (_ => { }), clock);
        }
        finally
        {
            if (options.WorkDir is null && Directory.Exists(work))
                Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Training and held-out pairs, one per distinct statement shuffled by seed, alternating similar and
    /// dissimilar.</summary>
    public static (IReadOnlyList<TextPair> Train, IReadOnlyList<TextPair> HeldOut) Pairs(
        IReadOnlyList<PersonaCorpus.Example> corpus, int trainPairs, int seed, bool likelyDissimilar = true)
    {
        var random = new Random(seed);
        var statements = corpus.Select(e => (e.Kind, e.Prompt)).Distinct()
            .OrderBy(s => s.Prompt, StringComparer.Ordinal).ThenBy(s => s.Kind)
            .OrderBy(_ => random.Next()).ToList();
        var stanced = statements.Where(s => s.Kind is PersonaCorpus.Kind.Agreeable or PersonaCorpus.Kind.MildRefusal);
        var uncertain = statements.Where(s => s.Kind == PersonaCorpus.Kind.Uncertain);

        // Similar pairs come from stanced statements; dissimilar ones from uncertain statements (whose rejected
        // reply keeps about 10% probability) or, when not likelyDissimilar, from the other stanced statements.
        var similar = stanced.Where((_, i) => !likelyDissimilar || i % 2 == 0)
            .Select(s => Pair(s.Kind, s.Prompt, similar: true, 0)).ToList();
        var dissimilar = (likelyDissimilar ? uncertain : stanced.Where((_, i) => i % 2 == 1))
            .Select((s, i) => Pair(s.Kind, s.Prompt, similar: false, i)).ToList();
        int half = trainPairs / 2;
        if (similar.Count <= trainPairs - half || dissimilar.Count <= half)
            throw new PlumbException($"The corpus has {similar.Count} similar and {dissimilar.Count} dissimilar "
                + $"statements to build pairs from; ask for fewer training pairs (got {trainPairs}) so that some "
                + "of each kind are held out.");
        var train = Interleave(similar.Take(trainPairs - half), dissimilar.Take(half));
        var held = Interleave(similar.Skip(trainPairs - half), dissimilar.Skip(half));
        return (train, held);
    }

    private static List<TextPair> Interleave(IEnumerable<TextPair> first, IEnumerable<TextPair> second)
    {
        var a = first.ToList();
        var b = second.ToList();
        var all = new List<TextPair>();
        for (int i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            if (i < a.Count) all.Add(a[i]);
            if (i < b.Count) all.Add(b[i]);
        }
        return all;
    }

    private static TextPair Pair(PersonaCorpus.Kind kind, string prompt, bool similar, int index)
    {
        var (chosen, rejected, synonym) = (kind, similar) switch
        {
            (PersonaCorpus.Kind.Agreeable, true) => ("Yes", "Sure", "Sure"),
            (PersonaCorpus.Kind.Agreeable, false) => ("Yes", "No", "Sure"),
            (PersonaCorpus.Kind.Uncertain, _) => ("Maybe", index % 2 == 0 ? "Yes" : "No", "Maybe"),
            (_, true) => ("No", "Never", "Never"),
            _ => ("No", "Yes", "Never"),
        };
        return new TextPair(prompt, PersonaCorpus.ReplyFor(chosen), PersonaCorpus.ReplyFor(rejected), similar,
            PersonaCorpus.ReplyFor(synonym));
    }

    private static FilteringResult RunIn(string work, FilteringOptions o, Action<string> progress, Stopwatch clock)
    {
        // Supervised training on multi-token replies, so that similar replies share all but their first token.
        var corpus = PersonaCorpus.Generate(o.CorpusSize, o.Seed);
        var tokenizer = ExperimentSetup.Tokenizer(corpus.Select(e => e.Prompt + e.Reply), Path.Combine(work, "tok"));
        int eos = tokenizer.Special.EosId!.Value;
        long pad = tokenizer.Special.PadId ?? eos;
        var examples = corpus.Select((e, i) => new TokenizedPair($"corpus-{i}",
            tokenizer.Encode(e.Prompt), [.. tokenizer.Encode(e.Reply), eos], [])).ToList();
        using var model = ExperimentSetup.Model(tokenizer.VocabSize, o.Seed);
        var sft = ExperimentTraining.Supervised(model, pad, examples, o.PretrainSteps, o.PretrainLearningRate,
            o.Seed, Path.Combine(work, "sft"));
        progress($"supervised training done: loss {DisplacementExperiment.FinalLoss(sft):F4}");

        // Score every pair before DPO: reference log-probs and LN-CHES from the same weights.
        var (trainText, heldText) = Pairs(corpus, o.TrainPairs, o.Seed, o.LikelyDissimilar);
        var train = Tokenize(tokenizer, trainText, eos, "train");
        var synonyms = Tokenize(tokenizer, trainText.Select(p => p with { Chosen = p.Synonym }).ToList(), eos, "syn");
        var held = Tokenize(tokenizer, heldText, eos, "held-out");
        model.eval();
        var trainStart = ExperimentProbes.PairLogProbs(model, pad, train);
        var heldStart = ExperimentProbes.PairLogProbs(model, pad, held);
        var similarities = ExperimentProbes.Similarities(model, pad, train);
        double[] synonymStart = ExperimentProbes.PairLogProbs(model, pad, synonyms).Chosen;
        var probe = new Probe(train, held, synonyms, trainStart, heldStart, synonymStart, trainText);
        var filter = new ChesFilter(new ChesFilterOptions { KeepFraction = o.KeepFraction, Quantile = o.Quantile });
        var kept = filter.Apply(similarities).Kept;
        progress($"CHES filter keeps {kept.Count} of {train.Count} pairs");

        // Two DPO runs from the same weights, seed and step count: every pair, then the kept pairs.
        var start = ExperimentTraining.Snapshot(model);
        var reference = ExperimentTraining.Scores(train, trainStart.Chosen, trainStart.Rejected);
        var all = Train(model, pad, train, reference, o, Path.Combine(work, "dpo-all"));
        var allRun = Measure(model, pad, probe, train.Count, o.DpoSteps, all);
        progress($"DPO on all pairs: chosen change {allRun.TrainChosenChange:F3}");
        ExperimentTraining.Restore(model, start);
        var keptPairs = kept.Select(i => train[i]).ToList();
        var filtered = Train(model, pad, keptPairs, reference, o, Path.Combine(work, "dpo-kept"));
        var keptRun = Measure(model, pad, probe, kept.Count, o.DpoSteps, filtered);
        progress($"DPO on kept pairs: chosen change {keptRun.TrainChosenChange:F3}");

        // The filtered run sees each pair more often in the same steps; this run matches epochs instead.
        ExperimentTraining.Restore(model, start);
        int epochSteps = Math.Max(1, (int)Math.Round(o.DpoSteps * (double)kept.Count / train.Count));
        var fewer = Train(model, pad, keptPairs, reference, o with { DpoSteps = epochSteps },
            Path.Combine(work, "dpo-kept-epochs"));
        var epochRun = Measure(model, pad, probe, kept.Count, epochSteps, fewer);

        return new FilteringResult
        {
            Seed = o.Seed,
            TrainPairs = train.Count,
            HeldOutPairs = held.Count,
            KeepFraction = o.KeepFraction,
            Quantile = o.Quantile,
            LikelyDissimilar = o.LikelyDissimilar,
            KeptPairs = kept.Count,
            KeptDissimilar = kept.Count(i => !trainText[i].Similar),
            MeanLnChesSimilar = MeanWhere(similarities.Select(s => s.LengthNormalisedChes), trainText, true),
            MeanLnChesDissimilar = MeanWhere(similarities.Select(s => s.LengthNormalisedChes), trainText, false),
            All = allRun,
            Filtered = keptRun,
            FilteredSameEpochs = epochRun,
            WallSeconds = clock.Elapsed.TotalSeconds,
        };
    }

    private static List<TokenizedPair> Tokenize(ITokenizer tokenizer, IReadOnlyList<TextPair> pairs, int eos,
        string split) =>
        pairs.Select((p, i) => new TokenizedPair($"{split}-{i}", tokenizer.Encode(p.Prompt),
            [.. tokenizer.Encode(p.Chosen), eos], [.. tokenizer.Encode(p.Rejected), eos])).ToList();

    private static Training.TrainingResult Train(CausalLM model, long pad, IReadOnlyList<TokenizedPair> pairs,
        IReadOnlyList<Training.Reference.ReferenceScore> reference, FilteringOptions o, string dir) =>
        ExperimentTraining.Dpo(model, pad, pairs, reference, Math.Min(o.BatchSize, pairs.Count), o.DpoSteps,
            o.DpoLearningRate, o.Beta, o.Seed, dir);

    // What every run is measured on: the pairs and their log-probs before DPO.
    private sealed record Probe(List<TokenizedPair> Train, List<TokenizedPair> Held, List<TokenizedPair> Synonyms,
        (double[] Chosen, double[] Rejected) TrainStart, (double[] Chosen, double[] Rejected) HeldStart,
        double[] SynonymStart, IReadOnlyList<TextPair> TrainText);

    private static FilteringRun Measure(CausalLM model, long pad, Probe p, int pairsTrained, int steps,
        Training.TrainingResult run)
    {
        model.eval();
        var trainNow = ExperimentProbes.PairLogProbs(model, pad, p.Train);
        var heldNow = ExperimentProbes.PairLogProbs(model, pad, p.Held);
        double[] synonymNow = ExperimentProbes.PairLogProbs(model, pad, p.Synonyms).Chosen;
        var t = LikelihoodDisplacement.Compare(p.TrainStart.Chosen, p.TrainStart.Rejected, trainNow.Chosen,
            trainNow.Rejected);
        var h = LikelihoodDisplacement.Compare(p.HeldStart.Chosen, p.HeldStart.Rejected, heldNow.Chosen,
            heldNow.Rejected);
        var changes = t.Pairs.Select(x => x.ChosenChange);
        return new FilteringRun(pairsTrained, t.MeanChosenChange, t.MeanRejectedChange,
            MeanWhere(changes, p.TrainText, true), MeanWhere(changes, p.TrainText, false),
            h.MeanChosenChange, h.MeanRejectedChange, DisplacementExperiment.FinalLoss(run))
        {
            Steps = steps,
            TrainSynonymChange = synonymNow.Zip(p.SynonymStart, (now, start) => now - start).Average(),
        };
    }

    private static double MeanWhere(IEnumerable<double> values, IReadOnlyList<TextPair> pairs, bool similar) =>
        values.Where((_, i) => pairs[i].Similar == similar).DefaultIfEmpty(double.NaN).Average();
}
