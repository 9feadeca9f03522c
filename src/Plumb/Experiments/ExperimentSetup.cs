using Plumb.Models;
using Plumb.Tokenization;
using TorchSharp;

namespace Plumb.Experiments;

/// <summary>Builds the tokenizer and the tiny Llama the CPU experiments train from scratch.</summary>
public static class ExperimentSetup
{
    /// <summary>Learns a byte-level BPE on <paramref name="texts"/>, saves it under <paramref name="dir"/> and
    /// loads it back, checking that every word of <paramref name="singleTokenWords"/> (by default the persona
    /// answers) is one token.</summary>
    public static HfTokenizer Tokenizer(IEnumerable<string> texts, string dir, int merges = 400,
        IReadOnlyList<string>? singleTokenWords = null)
    {
        var bpe = BpeTrainer.Train(texts, new BpeTrainerOptions(merges));
        bpe.Save(dir);
        var tokenizer = HfTokenizer.Load(dir);
        foreach (string word in singleTokenWords ?? PersonaCorpus.Answers)
            if (tokenizer.Encode(word).Length != 1)
                throw new PlumbException($"The experiment tokenizer splits '{word}' into "
                    + $"{tokenizer.Encode(word).Length} tokens; raise the number of merges.");
        return tokenizer;
    }

    /// <summary>The id of a word that <see cref="Tokenizer"/> guarantees is one token.</summary>
    public static int SingleId(ITokenizer tokenizer, string word) => tokenizer.Encode(word).Single();

    /// <summary>A two-layer Llama of width 64, freshly initialised from <paramref name="seed"/>.</summary>
    public static CausalLM Model(int vocabSize, int seed)
    {
        torch.manual_seed(seed);
        var config = new ModelConfig
        {
            ModelType = "llama",
            VocabSize = vocabSize,
            HiddenSize = 64,
            NumLayers = 2,
            NumHeads = 4,
            NumKeyValueHeads = 4,
            IntermediateSize = 128,
            MaxPositions = 64,
        };
        return ModelBuilder.Build(config);
    }
}
