using Plumb.Templating;
using Plumb.Tokenization;

namespace Plumb.Data;

/// <summary>A tokenized dataset in memory, shuffled with a seed and split into train and eval.</summary>
public sealed record PreferenceDataset<T>(IReadOnlyList<T> Train, IReadOnlyList<T> Eval, DataReport Report);

/// <summary>Loads tokenized datasets: read, validate, render, tokenize, shuffle and split.</summary>
public static class PreferenceDataset
{
    /// <summary>Loads paired data for DPO and its family.</summary>
    public static PreferenceDataset<TokenizedPair> LoadPairs(
        string path, DataOptions options, ITokenizer tokenizer, IChatTemplate? template = null)
    {
        var pipeline = new PreferencePipeline(options, template, tokenizer);
        return Split(pipeline.Pairs(path).ToList(), options, pipeline.Report);
    }

    /// <summary>Loads unpaired data for KTO and BCO.</summary>
    public static PreferenceDataset<TokenizedUnpaired> LoadUnpaired(
        string path, DataOptions options, ITokenizer tokenizer, IChatTemplate? template = null)
    {
        var pipeline = new PreferencePipeline(options, template, tokenizer);
        return Split(pipeline.Unpaired(path).ToList(), options, pipeline.Report);
    }

    /// <summary>
    /// Shuffles with the seed (Fisher–Yates over SplitMix64) and holds out the first examples for eval; the same
    /// data, seed and split give the same sets on every run.
    /// </summary>
    public static PreferenceDataset<T> Split<T>(List<T> examples, DataOptions options, DataReport report)
    {
        Shuffle(examples, options.Seed);
        int eval = options.EvalSplit.EvalCount(examples.Count);
        return new PreferenceDataset<T>(examples[eval..], examples[..eval], report);
    }

    /// <summary>Shuffles in place, deterministically for a seed.</summary>
    public static void Shuffle<T>(IList<T> items, int seed)
    {
        var random = new SplitMix64((ulong)(uint)seed);
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = random.Below(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
