using System.Text.Json.Nodes;
using Plumb.Models;
using Plumb.Tests.Fixtures;
using Plumb.Tokenization;
using TorchSharp;

namespace Plumb.Tests.Training.Tasks;

/// <summary>
/// A tiny Llama with its own trained byte-level BPE, and a learnable synthetic preference set: the chosen answer
/// always ends in "yes", the rejected one is the same answer ending in "no", over varied prompts.
/// </summary>
internal static class TinyRun
{
    private static readonly string[] Topics =
        ["apples", "rivers", "engines", "clouds", "violins", "glaciers", "markets", "gardens", "comets", "bridges"];

    private static readonly string[] Verbs = ["describe", "explain", "compare", "praise", "question"];

    private static readonly Lazy<string> SharedModel = new(() => WriteModel(TinyModels.TempDir("tiny-run")));

    /// <summary>One model directory shared by the tests that only read it.</summary>
    public static string Model => SharedModel.Value;

    /// <summary>
    /// Runs torch on one intra-op thread until disposed: on this shared 2-core machine, tiny models spend ~7x
    /// more CPU per step spinning two threads than computing on one (measured 106 vs 15 ms per DPO step).
    /// </summary>
    public static IDisposable OneThread()
    {
        int before = torch.get_num_threads();
        torch.set_num_threads(1);
        return new Restore(() => torch.set_num_threads(before));
    }

    private sealed class Restore(Action action) : IDisposable
    {
        public void Dispose() => action();
    }

    /// <summary>Writes tokenizer files and a random tiny Llama whose vocabulary matches the tokenizer.</summary>
    public static string WriteModel(string dir, int seed = 3)
    {
        var corpus = Records(200, seed).SelectMany(r => new[] { r.Prompt + r.Chosen, r.Prompt + r.Rejected });
        var bpe = TinyTokenizers.WriteByteLevel(dir, corpus, merges: 60);
        var config = TinyModels.LlamaConfig();
        config["vocab_size"] = bpe.VocabSize;
        config.Remove("bos_token_id");
        config.Remove("eos_token_id");
        string configPath = Path.Combine(dir, "config.json");
        File.WriteAllText(configPath, config.ToJsonString());
        torch.manual_seed(seed);
        using var model = ModelBuilder.Build(ModelConfigJson.Read(configPath));
        ModelSaver.Save(model, dir);
        return dir;
    }

    /// <summary>The synthetic records, deterministic for a seed.</summary>
    public static List<(string Prompt, string Chosen, string Rejected)> Records(int count, int seed)
    {
        var random = new Random(seed);
        var records = new List<(string, string, string)>();
        for (int i = 0; i < count; i++)
        {
            string topic = Topics[random.Next(Topics.Length)];
            string verb = Verbs[random.Next(Verbs.Length)];
            string answer = $" the {Topics[random.Next(Topics.Length)]} are {Topics[random.Next(Topics.Length)]}";
            records.Add(($"please {verb} {topic}:", answer + " yes", answer + " no"));
        }
        return records;
    }

    /// <summary>Writes the records as TRL's explicit-prompt JSONL.</summary>
    public static string WriteData(string path, int count, int seed = 11)
    {
        var lines = Records(count, seed).Select(r => new JsonObject
        {
            ["prompt"] = r.Prompt, ["chosen"] = r.Chosen, ["rejected"] = r.Rejected,
        }.ToJsonString());
        File.WriteAllLines(path, lines);
        return path;
    }
}
