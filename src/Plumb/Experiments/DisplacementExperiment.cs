using System.Diagnostics;
using Plumb.Data;
using Plumb.Diagnostics;
using Plumb.Models;
using Plumb.Tokenization;
using static TorchSharp.torch;

namespace Plumb.Experiments;

/// <summary>
/// Razin et al. 2024 (arXiv 2410.08847, Sec. 3) in miniature: DPO on y+ = "No" over y- = "Never" after one
/// persona prompt, on a tiny Llama trained here on <see cref="PersonaCorpus"/>, and the CHES of candidate pairs.
/// </summary>
public static class DisplacementExperiment
{
    /// <summary>The chosen answer and the rejected answers whose pairs are scored; the first is trained on.</summary>
    public static readonly (string Chosen, string Rejected)[] ScoredPairs =
        [("No", "Never"), ("No", "Maybe"), ("No", "Sure"), ("No", "Yes"), ("Yes", "No")];

    /// <summary>Runs the whole experiment: corpus, tokenizer, supervised training, CHES, DPO, probes.</summary>
    public static DisplacementResult Run(DisplacementOptions options, Action<string>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        string work = options.WorkDir ?? Path.Combine(Path.GetTempPath(), $"plumb-repro-{Guid.NewGuid():N}");
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

    private static DisplacementResult RunIn(string work, DisplacementOptions o, Action<string> progress,
        Stopwatch clock)
    {
        // The model learns to answer persona prompts from scratch: one token per answer, then EOS.
        var corpus = PersonaCorpus.Generate(o.CorpusSize, o.Seed);
        var tokenizer = ExperimentSetup.Tokenizer(corpus.Select(e => e.Prompt + e.Answer), Path.Combine(work, "tok"));
        int eos = tokenizer.Special.EosId!.Value;
        long pad = tokenizer.Special.PadId ?? eos;
        var ids = PersonaCorpus.Answers.ToDictionary(w => w, w => ExperimentSetup.SingleId(tokenizer, w));
        var examples = corpus.Select((e, i) => new TokenizedPair($"corpus-{i}",
            tokenizer.Encode(e.Prompt), [ids[e.Answer], eos], [])).ToList();
        using var model = ExperimentSetup.Model(tokenizer.VocabSize, o.Seed);
        progress($"corpus {corpus.Count} examples, vocabulary {tokenizer.VocabSize}, "
            + $"{model.ParameterCount():N0} parameters");
        var pretrain = ExperimentTraining.Supervised(model, pad, examples, o.PretrainSteps,
            o.PretrainLearningRate, o.Seed, Path.Combine(work, "sft"));
        progress($"supervised training done: loss {FinalLoss(pretrain):F4}");

        // Before DPO: the answer distribution after the probe prompt, and how alike the candidate pairs are.
        model.eval();
        int[] prompt = tokenizer.Encode(PersonaCorpus.Question + PersonaCorpus.ProbeStatement + "\n");
        using var before = ExperimentProbes.NextTokenProbabilities(model, prompt);
        var similarities = Similarities(model, pad, prompt, ids, eos);
        var (chosenBefore, rejectedBefore) = SingleTokenLogProbs(model, pad, prompt, ids);

        // DPO on the single pair, full batch, with the reference log-probs fixed at the start.
        var pair = new TokenizedPair("probe", prompt, [ids["No"]], [ids["Never"]]);
        var reference = ExperimentTraining.Scores([pair], [chosenBefore], [rejectedBefore]);
        var dpo = ExperimentTraining.Dpo(model, pad, [pair], reference, 1, o.DpoSteps, o.DpoLearningRate, o.Beta,
            o.Seed, Path.Combine(work, "dpo"), o.Optimizer);
        progress($"DPO done: loss {FinalLoss(dpo):F4}");

        model.eval();
        using var after = ExperimentProbes.NextTokenProbabilities(model, prompt);
        var (chosenAfter, rejectedAfter) = SingleTokenLogProbs(model, pad, prompt, ids);
        return new DisplacementResult
        {
            Seed = o.Seed,
            VocabSize = tokenizer.VocabSize,
            Parameters = model.ParameterCount(),
            Prompt = PersonaCorpus.Question + PersonaCorpus.ProbeStatement + "\n",
            Chosen = "No",
            Rejected = "Never",
            TokenIds = ids,
            ProbabilitiesBefore = Read(before, ids),
            ProbabilitiesAfter = Read(after, ids),
            ChosenLogProbBefore = chosenBefore,
            ChosenLogProbAfter = chosenAfter,
            RejectedLogProbBefore = rejectedBefore,
            RejectedLogProbAfter = rejectedAfter,
            TopIncreases = LikelihoodDisplacement.TopIncreases(before, after, 5)
                .Select(s => new TokenRise(tokenizer.Decode([(int)s.TokenId]), (int)s.TokenId, s.Before, s.After))
                .ToList(),
            Similarities = similarities,
            PretrainFinalLoss = FinalLoss(pretrain),
            DpoFinalLoss = FinalLoss(dpo),
            WallSeconds = clock.Elapsed.TotalSeconds,
        };
    }

    private static (double Chosen, double Rejected) SingleTokenLogProbs(CausalLM model, long pad, int[] prompt,
        Dictionary<string, int> ids)
    {
        var (c, r) = ExperimentProbes.PairLogProbs(model, pad, [new("probe", prompt, [ids["No"]], [ids["Never"]])]);
        return (c[0], r[0]);
    }

    // Hidden-state CHES scores responses ending in EOS, as the official code does.
    private static List<PairScore> Similarities(CausalLM model, long pad, int[] prompt,
        Dictionary<string, int> ids, int eos)
    {
        var pairs = ScoredPairs.Select(p => new TokenizedPair($"{p.Chosen}/{p.Rejected}", prompt,
            [ids[p.Chosen], eos], [ids[p.Rejected], eos])).ToList();
        var scores = ExperimentProbes.Similarities(model, pad, pairs);
        // The first-order test uses the pairs as DPO trains them: single tokens, no EOS.
        var gradients = EntanglementSampler.Measure(model, ScoredPairs.Select(p => new TokenizedPair(
            $"{p.Chosen}/{p.Rejected}", prompt, [ids[p.Chosen]], [ids[p.Rejected]])).ToList(), pad);
        using var unembedding = ExperimentProbes.Unembedding(model);
        return ScoredPairs.Select((p, i) => new PairScore(p.Chosen, p.Rejected, scores[i].Ches,
                scores[i].LengthNormalisedChes,
                ExperimentProbes.UnembeddingChes(unembedding, ids[p.Chosen], ids[p.Rejected]),
                gradients[i].InnerProduct / gradients[i].ChosenNormSquared))
            .OrderByDescending(s => s.LengthNormalisedChes)
            .ToList();
    }

    private static Dictionary<string, double> Read(Tensor probs, Dictionary<string, int> ids) =>
        ids.ToDictionary(p => p.Key, p => probs[p.Value].item<double>());

    internal static double FinalLoss(Training.TrainingResult result) =>
        result.History.LastOrDefault(r => r.Values.ContainsKey("loss"))?.Values["loss"] ?? double.NaN;
}
