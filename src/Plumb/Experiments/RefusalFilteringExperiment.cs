using System.Diagnostics;
using Plumb.Data;
using Plumb.Diagnostics;
using Plumb.Models;
using Plumb.Tokenization;

namespace Plumb.Experiments;

/// <summary>
/// The refusal design of the CHES-filtering experiment, after Razin et al. 2024 (arXiv 2410.08847, Sec. 6):
/// DPO on harmful-request pairs, most of them two refusals, versus on the lowest-LN-CHES pairs.
/// </summary>
/// <remarks>
/// A tiny Llama learns <see cref="RefusalCorpus"/>, so it refuses harmful requests about 75% of the time in one
/// of four wordings. Each training pair is one harmful request with two replies from that distribution:
/// "similar" pairs prefer one refusal over another (about half of them reject the likelier refusal),
/// "dissimilar" pairs prefer a refusal over a compliance. The measure of behaviour is the probability of the
/// refusals' first words at the first reply token.
/// </remarks>
public static class RefusalFilteringExperiment
{
    /// <summary>One preference pair as text; similar when both replies are refusals.</summary>
    public sealed record TextPair(string Prompt, string Chosen, string Rejected, bool Similar);

    /// <summary>Runs supervised training, scores the pairs, then DPO on all pairs and on the kept pairs.</summary>
    public static RefusalFilteringResult Run(RefusalFilteringOptions options, Action<string>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        string work = options.WorkDir ?? Path.Combine(Path.GetTempPath(), $"plumb-refusal-{Guid.NewGuid():N}");
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

    /// <summary>Training and held-out pairs, one per harmful request shuffled by seed; in every ten pairs the
    /// first round(10 * similarShare) are similar (by default two refusals in random order; see
    /// <paramref name="kind"/>), the rest a refusal over a compliance.
    /// </summary>
    public static (IReadOnlyList<TextPair> Train, IReadOnlyList<TextPair> HeldOut) Pairs(int trainPairs,
        int seed, double similarShare = 0.7, SimilarPairKind kind = SimilarPairKind.OtherRefusal)
    {
        var prompts = RefusalCorpus.HarmfulPrompts;
        if (trainPairs < 1 || trainPairs >= prompts.Count)
            throw new PlumbException($"The refusal design has {prompts.Count} harmful requests; ask for between 1 "
                + $"and {prompts.Count - 1} training pairs (got {trainPairs}) so that some are held out.");
        var random = new Random(seed);
        var shuffled = prompts.OrderBy(_ => random.Next()).ToList();
        var pairs = shuffled.Select((p, i) => Pair(p, IsSimilar(i, similarShare), kind, random)).ToList();
        return (pairs.Take(trainPairs).ToList(), pairs.Skip(trainPairs).ToList());
    }

    private static bool IsSimilar(int index, double share) =>
        index % 10 < (int)Math.Round(10 * share, MidpointRounding.ToEven);

    private static TextPair Pair(string prompt, bool similar, SimilarPairKind kind, Random random)
    {
        var refusals = RefusalCorpus.Refusals;
        int chosen = random.Next(refusals.Count);
        if (!similar)
        {
            var compliances = RefusalCorpus.Compliances;
            return new TextPair(prompt, refusals[chosen], compliances[random.Next(compliances.Count)], false);
        }
        if (kind == SimilarPairKind.Stutter)
            return new TextPair(prompt, refusals[chosen], Stutter(refusals[chosen], random), true);
        if (kind == SimilarPairKind.Repeat)
            return new TextPair(prompt, refusals[chosen], refusals[chosen] + " " + refusals[chosen], true);
        int rejected = (chosen + 1 + random.Next(refusals.Count - 1)) % refusals.Count;
        return new TextPair(prompt, refusals[chosen], refusals[rejected], true);
    }

    /// <summary>The reply with one word, neither the first nor the last, said twice.</summary>
    public static string Stutter(string reply, Random random)
    {
        var words = reply.Split(' ');
        int at = 1 + random.Next(words.Length - 2);
        return string.Join(' ', words.Take(at + 1).Append(words[at]).Concat(words.Skip(at + 1)));
    }

    private static RefusalFilteringResult RunIn(string work, RefusalFilteringOptions o, Action<string> progress,
        Stopwatch clock)
    {
        // Supervised training: the model learns to refuse harmful requests about 75% of the time.
        var corpus = RefusalCorpus.Generate(o.CorpusSize, o.Seed);
        var tokenizer = ExperimentSetup.Tokenizer(corpus.Select(e => e.Prompt + e.Answer),
            Path.Combine(work, "tok"), singleTokenWords: []);
        int eos = tokenizer.Special.EosId!.Value;
        long pad = tokenizer.Special.PadId ?? eos;
        int[] refusalIds = OpenerIds(tokenizer);
        var examples = corpus.Select((e, i) => new TokenizedPair($"corpus-{i}",
            tokenizer.Encode(e.Prompt), [.. tokenizer.Encode(e.Answer), eos], [])).ToList();
        using var model = ExperimentSetup.Model(tokenizer.VocabSize, o.Seed);
        var sft = ExperimentTraining.Supervised(model, pad, examples, o.PretrainSteps, o.PretrainLearningRate,
            o.Seed, Path.Combine(work, "sft"));
        progress($"supervised training done: loss {DisplacementExperiment.FinalLoss(sft):F4}");

        // Score every pair before DPO: reference log-probs, LN-CHES and the refusal probability.
        var (trainText, heldText) = Pairs(o.TrainPairs, o.Seed, o.SimilarShare, o.SimilarKind);
        var train = Tokenize(tokenizer, trainText, eos);
        var heldPrompts = heldText.Select(p => tokenizer.Encode(p.Prompt)).ToList();
        model.eval();
        var start = ExperimentProbes.PairLogProbs(model, pad, train);
        var lnChes = ExperimentProbes.Similarities(model, pad, train).Select(s => s.LengthNormalisedChes).ToList();
        // The exact first-order test CHES approximates: does a gradient step on this pair alone lower its chosen
        // log-prob, i.e. <g_chosen, g_rejected> > |g_chosen|^2 (Razin et al. 2024; Yuan et al. 2024)?
        var chosenFalls = EntanglementSampler.Measure(model, train, pad).Select(e => !e.ChosenRises).ToList();
        var probe = new Probe(train, trainText, heldPrompts, refusalIds, start.Chosen, start.Rejected);
        var (refusalBefore, heldRefusalBefore) = probe.Refusal(model);
        var kept = new ChesFilter(new ChesFilterOptions { KeepFraction = o.KeepFraction, Quantile = o.Quantile })
            .Apply(lnChes).Kept;
        progress($"CHES filter keeps {kept.Count} of {train.Count} pairs");

        // Three DPO runs from the same weights and seed: all pairs, kept pairs for as many steps, and for as
        // many epochs.
        var weights = ExperimentTraining.Snapshot(model);
        var reference = ExperimentTraining.Scores(train, start.Chosen, start.Rejected);
        var keptPairs = kept.Select(i => train[i]).ToList();
        int epochSteps = Math.Max(1, (int)Math.Round(o.DpoSteps * (double)kept.Count / train.Count));
        var all = Dpo(model, pad, train, reference, o, o.DpoSteps, Path.Combine(work, "dpo-all"), probe);
        progress($"DPO on all pairs: chosen change {all.TrainChosenChange:F3}, refusal {all.RefusalAfter:F3}");
        ExperimentTraining.Restore(model, weights);
        var filtered = Dpo(model, pad, keptPairs, reference, o, o.DpoSteps, Path.Combine(work, "dpo-kept"), probe);
        ExperimentTraining.Restore(model, weights);
        var epochs = Dpo(model, pad, keptPairs, reference, o, epochSteps, Path.Combine(work, "dpo-epochs"), probe);
        ExperimentTraining.Restore(model, weights);
        var drawn = RandomSubset(train, kept.Count, o.Seed);
        var randomRun = Dpo(model, pad, drawn, reference, o, epochSteps, Path.Combine(work, "dpo-random"), probe);
        ExperimentTraining.Restore(model, weights);
        var dissimilar = train.Where((_, i) => !trainText[i].Similar).ToList();
        var oracle = dissimilar.Count == 0 ? NotRun : Dpo(model, pad,
            dissimilar, reference, o, Math.Max(1, (int)Math.Round(o.DpoSteps * (double)dissimilar.Count
            / train.Count)), Path.Combine(work, "dpo-dissimilar"), probe);

        return new RefusalFilteringResult
        {
            Seed = o.Seed,
            TrainPairs = train.Count,
            HeldOutPairs = heldText.Count,
            SimilarKind = o.SimilarKind,
            SimilarPairs = trainText.Count(p => p.Similar),
            SimilarRejectingLikelier = trainText.Count(p => p.Similar && Share(p.Rejected) > Share(p.Chosen)),
            KeepFraction = o.KeepFraction,
            Quantile = o.Quantile,
            KeptPairs = kept.Count,
            KeptDissimilar = kept.Count(i => !trainText[i].Similar),
            RankedPairs = Enumerable.Range(0, train.Count).OrderBy(i => lnChes[i]).Select(i =>
                FormattableString.Invariant($"{lnChes[i]:F3} {trainText[i].Chosen} > {trainText[i].Rejected}"))
                .ToList(),
            FirstOrderFallsSimilar = MeanWhere(chosenFalls.Select(f => f ? 1.0 : 0.0), trainText, true),
            FirstOrderFallsDissimilar = MeanWhere(chosenFalls.Select(f => f ? 1.0 : 0.0), trainText, false),
            MeanLnChesSimilar = MeanWhere(lnChes, trainText, true),
            MeanLnChesDissimilar = MeanWhere(lnChes, trainText, false),
            RefusalBefore = refusalBefore,
            HeldOutRefusalBefore = heldRefusalBefore,
            All = all,
            Filtered = filtered,
            FilteredSameEpochs = epochs,
            RandomSameEpochs = randomRun,
            DissimilarOnly = oracle,
            WallSeconds = clock.Elapsed.TotalSeconds,
        };
    }

    // The first token of every refusal; none may open a compliance, or the refusal probability is ambiguous.
    private static int[] OpenerIds(ITokenizer tokenizer)
    {
        int[] refusals = RefusalCorpus.Refusals.Select(r => tokenizer.Encode(r)[0]).Distinct().ToArray();
        int[] compliances = RefusalCorpus.Compliances.Select(r => tokenizer.Encode(r)[0]).ToArray();
        if (refusals.Intersect(compliances).Any())
            throw new PlumbException("A refusal and a compliance of the refusal corpus start with the same token; "
                + "give every reply its own first word.");
        return refusals;
    }

    private static List<TokenizedPair> Tokenize(ITokenizer tokenizer, IReadOnlyList<TextPair> pairs, int eos) =>
        pairs.Select((p, i) => new TokenizedPair($"train-{i}", tokenizer.Encode(p.Prompt),
            [.. tokenizer.Encode(p.Chosen), eos], [.. tokenizer.Encode(p.Rejected), eos])).ToList();

    private static RefusalRun Dpo(CausalLM model, long pad, IReadOnlyList<TokenizedPair> pairs,
        IReadOnlyList<Training.Reference.ReferenceScore> reference, RefusalFilteringOptions o, int steps,
        string dir, Probe probe)
    {
        var run = ExperimentTraining.Dpo(model, pad, pairs, reference, Math.Min(o.BatchSize, pairs.Count), steps,
            o.DpoLearningRate, o.Beta, o.Seed, dir, o.Optimizer);
        model.eval();
        var now = ExperimentProbes.PairLogProbs(model, pad, probe.Train);
        var chosen = now.Chosen.Select((c, i) => c - probe.ChosenStart[i]).ToList();
        var rejected = now.Rejected.Select((r, i) => r - probe.RejectedStart[i]).ToList();
        var (refusal, heldRefusal) = probe.Refusal(model);
        return new RefusalRun(pairs.Count, steps, chosen.Average(), rejected.Average(),
            MeanWhere(chosen, probe.TrainText, true), MeanWhere(chosen, probe.TrainText, false), refusal,
            heldRefusal, DisplacementExperiment.FinalLoss(run));
    }

    // What every run is measured on: the training pairs and their log-probs before DPO, and the prompts.
    private sealed record Probe(List<TokenizedPair> Train, IReadOnlyList<TextPair> TrainText,
        List<int[]> HeldPrompts, int[] RefusalIds, double[] ChosenStart, double[] RejectedStart)
    {
        /// <summary>Mean refusal probability over the training prompts and over the held-out prompts.</summary>
        public (double Train, double HeldOut) Refusal(CausalLM model) =>
            (Train.Average(p => RefusalProbability(model, p.Prompt, RefusalIds)),
             HeldPrompts.Average(p => RefusalProbability(model, p, RefusalIds)));
    }

    /// <summary>Probability of the refusals' first tokens at the first reply position after a prompt.</summary>
    public static double RefusalProbability(CausalLM model, int[] prompt, IReadOnlyList<int> refusalIds)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        var probs = ExperimentProbes.NextTokenProbabilities(model, prompt);
        return refusalIds.Sum(id => probs[id].item<double>());
    }

    /// <summary>The first <paramref name="count"/> pairs of a seeded shuffle, in dataset order.</summary>
    public static List<TokenizedPair> RandomSubset(IReadOnlyList<TokenizedPair> pairs, int count, int seed)
    {
        var random = new Random(seed + 7919);
        var chosen = Enumerable.Range(0, pairs.Count).OrderBy(_ => random.Next()).Take(count).Order();
        return chosen.Select(i => pairs[i]).ToList();
    }

    // A design with no dissimilar pairs has nothing to train the check on.
    private static readonly RefusalRun NotRun = new(0, 0, double.NaN, double.NaN, double.NaN, double.NaN,
        double.NaN, double.NaN, double.NaN);

    // A reply the corpus never gives (a stutter) has share 0.
    private static double Share(string reply) =>
        RefusalCorpus.Replies.SingleOrDefault(r => r.Text == reply)?.HarmfulShare ?? 0;

    private static double MeanWhere(IEnumerable<double> values, IReadOnlyList<TextPair> pairs, bool similar) =>
        values.Where((_, i) => pairs[i].Similar == similar).DefaultIfEmpty(double.NaN).Average();
}
