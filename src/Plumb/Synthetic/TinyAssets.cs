using System.Diagnostics;
using System.Text.Json;
using Plumb.Data;
using Plumb.Models;
using Plumb.Tokenization;
using Plumb.Training;
using Plumb.Training.Tasks;
using TorchSharp;

namespace Plumb.Synthetic;

/// <summary>
/// Rebuilds Plumb's bundled assets from a <see cref="TinyRecipe"/>: the preference splits, a byte-level BPE
/// tokenizer and a tiny Llama pretrained on the <see cref="CorpusGenerator"/> corpus with the real trainer.
/// </summary>
public static class TinyAssets
{
    /// <summary>The model's folder under the assets directory.</summary>
    public const string ModelFolder = "tiny";

    /// <summary>The preference data's folder under the assets directory.</summary>
    public const string DataFolder = "preferences";

    /// <summary>The train split's file name, as TRL names dataset splits.</summary>
    public const string TrainFile = "train.jsonl";

    /// <summary>The held-out split's file name.</summary>
    public const string TestFile = "test.jsonl";

    /// <summary>
    /// Writes <c>tiny/</c> (HF model directory) and <c>preferences/</c> (train.jsonl, test.jsonl) under
    /// <paramref name="outDir"/>; the pretraining run (config, metrics, plots, checkpoint) goes to
    /// <paramref name="runDir"/>.
    /// </summary>
    public static TinyAssetsResult Build(
        string outDir, TinyRecipe recipe, string runDir, ITrainingObserver? observer = null)
    {
        var clock = Stopwatch.StartNew();
        string modelDir = Path.Combine(outDir, ModelFolder);
        string dataDir = Path.Combine(outDir, DataFolder);

        // The pairs depend on the seed alone, so they are written first and need no model.
        var (train, test) = PreferenceGenerator.Generate(recipe.TrainPairs, recipe.TestPairs, recipe.Seed);
        PairJsonl.Write(Path.Combine(dataDir, TrainFile), train);
        PairJsonl.Write(Path.Combine(dataDir, TestFile), test);

        // The tokenizer learns its merges from the same corpus the model is pretrained on.
        var corpus = CorpusGenerator.Generate(recipe.CorpusDocuments, recipe.Seed);
        var bpe = BpeTrainer.Train(corpus, new BpeTrainerOptions(recipe.Merges));
        bpe.Save(modelDir);
        var tokenizer = HfTokenizer.Load(modelDir);
        WriteGenerationConfig(modelDir, tokenizer.Special);

        // Pretraining is SFT on documents with no BOS: the first token is the context, as at DPO time.
        torch.manual_seed(recipe.Seed);
        using var model = ModelBuilder.Build(Config(recipe, tokenizer));
        InitialiseWeights(model);
        var documents = Documents(corpus, tokenizer);
        long padId = tokenizer.Special.PadId ?? 0;
        using (var trainer = new Trainer<TokenizedPair>(
            PretrainOptions(recipe, runDir), model, new SftTask(model, padId), documents, null, observer))
        {
            var result = trainer.Run();
            ModelSaver.Save(model, modelDir);
            double loss = result.History.Last(r => r.Values.ContainsKey("loss")).Values["loss"];
            return new TinyAssetsResult(
                modelDir, dataDir, model.ParameterCount(), tokenizer.VocabSize, loss, clock.Elapsed);
        }
    }

    /// <summary>The Llama configuration the recipe describes, with the tokenizer's special ids.</summary>
    public static ModelConfig Config(TinyRecipe recipe, ITokenizer tokenizer) => new()
    {
        ModelType = "llama",
        VocabSize = tokenizer.VocabSize,
        HiddenSize = recipe.HiddenSize,
        NumLayers = recipe.Layers,
        NumHeads = recipe.Heads,
        NumKeyValueHeads = recipe.KeyValueHeads,
        IntermediateSize = recipe.IntermediateSize,
        MaxPositions = recipe.MaxPositions,
        TieWordEmbeddings = true,
        BosTokenId = tokenizer.Special.BosId,
        EosTokenIds = tokenizer.Special.EosId is { } eos ? [eos] : [],
        PadTokenId = tokenizer.Special.PadId,
    };

    /// <summary>
    /// Draws every matrix from N(0, 0.02²), as Hugging Face initialises Llama (initializer_range); norms stay 1.
    /// </summary>
    /// <remarks>With a tied head, TorchSharp's N(0, 1) embedding would start the logits far from uniform.</remarks>
    public static void InitialiseWeights(CausalLM model, double std = 0.02)
    {
        using var noGrad = torch.no_grad();
        foreach (var parameter in model.parameters().Where(p => p.dim() >= 2))
            parameter.normal_(0, std);
    }

    private static List<TokenizedPair> Documents(IReadOnlyList<string> corpus, ITokenizer tokenizer)
    {
        int eos = tokenizer.Special.EosId
            ?? throw new InvalidOperationException("the trained tokenizer names no EOS token");
        return corpus
            .Select((text, i) => SftTask.Document($"corpus:{i + 1}", [.. tokenizer.Encode(text), eos], null))
            .ToList();
    }

    private static TrainingOptions PretrainOptions(TinyRecipe recipe, string runDir) => new()
    {
        LearningRate = recipe.PretrainLearningRate,
        PerDeviceTrainBatchSize = recipe.PretrainBatchSize,
        MaxSteps = recipe.PretrainSteps,
        WarmupRatio = 0.05,
        LrSchedulerType = LrSchedulerType.Cosine,
        WeightDecay = 0.01,
        Seed = recipe.Seed,
        LoggingSteps = Math.Max(1, recipe.PretrainSteps / 12),
        SaveSteps = 0,
        OutputDir = runDir,
    };

    private static void WriteGenerationConfig(string dir, Tokenization.SpecialTokens special)
    {
        using var stream = File.Create(Path.Combine(dir, "generation_config.json"));
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        WriteId(json, "bos_token_id", special.BosId);
        WriteId(json, "eos_token_id", special.EosId);
        WriteId(json, "pad_token_id", special.PadId);
        json.WriteEndObject();
    }

    private static void WriteId(Utf8JsonWriter json, string name, int? id)
    {
        if (id is { } value)
            json.WriteNumber(name, value);
    }
}
