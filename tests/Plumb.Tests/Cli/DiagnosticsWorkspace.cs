using Plumb.Data;
using Plumb.Models;
using Plumb.Tests.Fixtures;
using Plumb.Tokenization;
using static TorchSharp.torch;

namespace Plumb.Tests.Cli;

/// <summary>
/// A tiny Llama model directory with a trained byte-level BPE whose vocabulary it matches, and a small plain-text
/// preference file; built once per test run and shared read-only by the diagnostics command tests.
/// </summary>
internal static class DiagnosticsWorkspace
{
    public static readonly string[] Prompts = ["Is the sky blue?", "Name a fruit.", "Say hello.", "Count to two."];

    private static readonly Lazy<(string Model, string Reference)> Models = new(() =>
        (WriteModel("policy", seed: 3), WriteModel("reference", seed: 4)));

    /// <summary>The policy model directory.</summary>
    public static string Model => Models.Value.Model;

    /// <summary>A second model with the same tokenizer and other weights.</summary>
    public static string Reference => Models.Value.Reference;

    /// <summary>Writes 12 pairs as JSONL (line 3 blank, to check line-number ids); alpha on every other row.</summary>
    public static string WriteData(string dir, bool withAlpha = false)
    {
        var lines = new List<string>();
        string[] answers = ["yes", "no", "apple", "stone", "hello there", "go away", "one two", "three"];
        for (int i = 0; i < 12; i++)
        {
            string prompt = Prompts[i % Prompts.Length] + (i >= 4 ? $" ({i})" : "");
            string chosen = answers[(2 * i) % answers.Length] + (i % 3 == 0 ? "!" : "");
            string rejected = answers[(2 * i + 1) % answers.Length];
            string alpha = withAlpha && i % 2 == 0 ? $", \"preference_probability\": 0.{6 + i % 4}" : "";
            lines.Add($"{{\"prompt\": \"{prompt}\", \"chosen\": \"{chosen}\", \"rejected\": \"{rejected}\"{alpha}}}");
            if (i == 1)
                lines.Add("");
        }
        string path = Path.Combine(dir, "pairs.jsonl");
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    /// <summary>The data's pairs tokenized as the commands do: file order, no shuffle.</summary>
    public static List<TokenizedPair> Tokenize(string data, string modelDir)
    {
        var tokenizer = HfTokenizer.Load(modelDir);
        return new PreferencePipeline(new DataOptions(), null, tokenizer).Pairs(data).ToList();
    }

    /// <summary>Runs the CLI and captures its output.</summary>
    public static (int Code, string Out, string Error) Run(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        int code = Plumb.Cli.PlumbCli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string WriteModel(string tag, int seed)
    {
        string dir = TinyModels.TempDir(tag);
        var corpus = Prompts.Concat(["yes no apple stone hello there go away one two three"]);
        var bpe = TinyTokenizers.WriteByteLevel(dir, corpus, merges: 24);
        var json = TinyModels.LlamaConfig();
        json["vocab_size"] = bpe.VocabSize;
        File.WriteAllText(Path.Combine(dir, "config.json"), json.ToJsonString());
        var config = ModelLoader.ReadConfig(dir);
        using var model = ModelBuilder.Build(config);
        // Deterministic weights from a private generator: larger than the default init, so scores differ.
        using var generator = new Generator((ulong)seed);
        using (no_grad())
            foreach (var (name, p) in model.named_parameters())
                p.copy_(name.Contains("norm") ? ones_like(p) : randn(p.shape, generator: generator).mul_(0.3));
        ModelSaver.Save(model, dir);
        return dir;
    }
}
