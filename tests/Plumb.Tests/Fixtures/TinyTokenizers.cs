using System.Text.Json;
using Plumb.Tokenization;

namespace Plumb.Tests.Fixtures;

/// <summary>Writes small Hugging Face tokenizer folders for tests: a trained byte-level BPE, a metaspace BPE.</summary>
public static class TinyTokenizers
{
    private const char Meta = '\u2581';

    /// <summary>Trains a byte-level BPE with up to <paramref name="merges"/> merges and saves it in a folder.</summary>
    public static TrainedBpe WriteByteLevel(string dir, IEnumerable<string> corpus, int merges)
    {
        var trained = BpeTrainer.Train(corpus, new BpeTrainerOptions(merges));
        trained.Save(dir);
        return trained;
    }

    /// <summary>
    /// Writes a hand-made Llama-2-style BPE with byte fallback. Ids: 0 &lt;unk&gt;, 1 &lt;s&gt;, 2 &lt;/s&gt;,
    /// 3..258 the bytes &lt;0x00&gt;..&lt;0xFF&gt;, then ▁ H e l o w r d (259..266) and one token per merge:
    /// ll 267, He 268, Hell 269, Hello 270, ▁Hello 271, ▁w 272, or 273, ▁wor 274, ▁worl 275, ▁world 276.
    /// </summary>
    /// <param name="dir">Folder to write tokenizer.json and tokenizer_config.json into.</param>
    /// <param name="legacy">True: Llama 2's Prepend+Replace normalizer; false: a Metaspace pre-tokenizer
    /// with prepend_scheme "first", as newer Llama-family files have.</param>
    public static void WriteMetaspace(string dir, bool legacy = true)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "tokenizer.json"), MetaspaceJson(legacy));
        File.WriteAllText(Path.Combine(dir, "tokenizer_config.json"), """
            {"add_bos_token": true, "add_eos_token": false, "bos_token": "<s>", "eos_token": "</s>",
             "pad_token": null, "unk_token": "<unk>", "tokenizer_class": "LlamaTokenizer"}
            """);
    }

    /// <summary>The merges of <see cref="WriteMetaspace"/>, in rank order.</summary>
    public static readonly (string Left, string Right)[] MetaspaceMerges =
    [
        ("l", "l"), ("H", "e"), ("He", "ll"), ("Hell", "o"), ($"{Meta}", "Hello"),
        ($"{Meta}", "w"), ("o", "r"), ($"{Meta}w", "or"), ($"{Meta}wor", "l"), ($"{Meta}worl", "d"),
    ];

    private static string MetaspaceJson(bool legacy)
    {
        var vocab = new List<string> { "<unk>", "<s>", "</s>" };
        vocab.AddRange(Enumerable.Range(0, 256).Select(b => $"<0x{b:X2}>"));
        vocab.AddRange([$"{Meta}", "H", "e", "l", "o", "w", "r", "d"]);
        vocab.AddRange(MetaspaceMerges.Select(m => m.Left + m.Right));
        var json = new Dictionary<string, object?>
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = new[] { "<unk>", "<s>", "</s>" }.Select((c, i) => AddedToken(i, c)).ToArray(),
            ["normalizer"] = legacy ? LegacyNormalizer() : null,
            ["pre_tokenizer"] = legacy ? null : new Dictionary<string, object>
            {
                ["type"] = "Metaspace", ["replacement"] = $"{Meta}", ["prepend_scheme"] = "first", ["split"] = false,
            },
            ["post_processor"] = BosTemplate(),
            ["decoder"] = Decoder(),
            ["model"] = Model(vocab),
        };
        return JsonSerializer.Serialize(json, new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
    }

    private static Dictionary<string, object> AddedToken(int id, string content) => new()
    {
        ["id"] = id, ["content"] = content, ["single_word"] = false, ["lstrip"] = false,
        ["rstrip"] = false, ["normalized"] = false, ["special"] = true,
    };

    private static object LegacyNormalizer() => new Dictionary<string, object>
    {
        ["type"] = "Sequence",
        ["normalizers"] = new object[]
        {
            new Dictionary<string, object> { ["type"] = "Prepend", ["prepend"] = $"{Meta}" },
            new Dictionary<string, object>
            {
                ["type"] = "Replace", ["pattern"] = new Dictionary<string, string> { ["String"] = " " },
                ["content"] = $"{Meta}",
            },
        },
    };

    private static object BosTemplate()
    {
        static object Item(string kind, string id) =>
            new Dictionary<string, object> { [kind] = new Dictionary<string, object> { ["id"] = id, ["type_id"] = 0 } };
        static object Special(string id) => Item("SpecialToken", id);
        static object Seq(string id) => Item("Sequence", id);
        return new Dictionary<string, object>
        {
            ["type"] = "TemplateProcessing",
            ["single"] = new[] { Special("<s>"), Seq("A") },
            ["pair"] = new[] { Special("<s>"), Seq("A"), Special("<s>"), Seq("B") },
            ["special_tokens"] = new Dictionary<string, object>
            {
                ["<s>"] = new Dictionary<string, object>
                {
                    ["id"] = "<s>", ["ids"] = new[] { 1 }, ["tokens"] = new[] { "<s>" },
                },
            },
        };
    }

    private static object Decoder() => new Dictionary<string, object>
    {
        ["type"] = "Sequence",
        ["decoders"] = new object[]
        {
            new Dictionary<string, object>
            {
                ["type"] = "Replace", ["pattern"] = new Dictionary<string, string> { ["String"] = $"{Meta}" },
                ["content"] = " ",
            },
            new Dictionary<string, object> { ["type"] = "ByteFallback" },
            new Dictionary<string, object> { ["type"] = "Fuse" },
            new Dictionary<string, object> { ["type"] = "Strip", ["content"] = " ", ["start"] = 1, ["stop"] = 0 },
        },
    };

    private static object Model(List<string> vocab) => new Dictionary<string, object?>
    {
        ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = "<unk>", ["continuing_subword_prefix"] = null,
        ["end_of_word_suffix"] = null, ["fuse_unk"] = true, ["byte_fallback"] = true, ["ignore_merges"] = false,
        ["vocab"] = vocab.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i),
        ["merges"] = MetaspaceMerges.Select(m => $"{m.Left} {m.Right}").ToArray(),
    };
}
