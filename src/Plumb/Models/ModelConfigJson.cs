using System.Text.Json;
using System.Text.Json.Nodes;

namespace Plumb.Models;

/// <summary>Reads a Hugging Face <c>config.json</c> into a <see cref="ModelConfig"/> and writes one back.</summary>
public static class ModelConfigJson
{
    /// <summary>Values of <c>model_type</c> that Plumb can build.</summary>
    public static readonly IReadOnlyList<string> SupportedModelTypes = ["llama", "mistral", "qwen2", "gpt2"];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="PlumbException">
    /// The file is missing, is not JSON, or describes an unsupported model.
    /// </exception>
    public static ModelConfig Read(string path)
    {
        if (!File.Exists(path))
            throw new PlumbException($"{path}: not found; a model directory needs the config.json of its checkpoint.");
        string text = File.ReadAllText(path);
        JsonObject json;
        try
        {
            json = JsonNode.Parse(text) as JsonObject
                ?? throw new PlumbException($"{path}: expected a JSON object.");
        }
        catch (JsonException e)
        {
            throw new PlumbException($"{path}: not valid JSON ({e.Message}).", e);
        }
        return Parse(json, path) with { SourceJson = text };
    }

    /// <summary>Builds a config from parsed JSON; <paramref name="path"/> is named in errors.</summary>
    public static ModelConfig Parse(JsonObject json, string path)
    {
        var fields = new ConfigFields(json, path);
        string modelType = fields.String("model_type")
            ?? throw new PlumbException($"{path}: field model_type is missing; "
                + $"supported values are {string.Join(", ", SupportedModelTypes)}.");
        ModelConfig config = modelType switch
        {
            "gpt2" => ParseGpt2(fields),
            "llama" or "mistral" or "qwen2" => ParseLlama(fields, modelType),
            _ => throw new PlumbException($"{path}: model_type \"{modelType}\" is not supported; "
                + $"supported values are {string.Join(", ", SupportedModelTypes)}."),
        };
        Validate(config, path);
        return config;
    }

    private static ModelConfig ParseLlama(ConfigFields f, string modelType)
    {
        int heads = f.RequiredInt("num_attention_heads");
        int hidden = f.RequiredInt("hidden_size");
        bool llamaBias = modelType == "llama" && (f.Bool("attention_bias") ?? false);
        bool slidingOn = modelType == "mistral"
            || (modelType == "qwen2" && (f.Bool("use_sliding_window") ?? false));
        var config = new ModelConfig
        {
            ModelType = modelType,
            VocabSize = f.RequiredInt("vocab_size"),
            HiddenSize = hidden,
            NumLayers = f.RequiredInt("num_hidden_layers"),
            NumHeads = heads,
            NumKeyValueHeads = f.Int("num_key_value_heads") ?? heads,
            IntermediateSize = f.RequiredInt("intermediate_size"),
            MaxPositions = f.Int("max_position_embeddings") ?? 2048,
            RopeTheta = f.Double("rope_theta") ?? 10000.0,
            RopeScaling = f.RopeScaling(),
            NormEps = f.Double("rms_norm_eps") ?? 1e-6,
            TieWordEmbeddings = f.Bool("tie_word_embeddings") ?? false,
            AttentionBias = modelType == "qwen2" || llamaBias,
            OutputBias = llamaBias,
            MlpBias = modelType == "llama" && (f.Bool("mlp_bias") ?? false),
            HiddenAct = f.String("hidden_act") ?? "silu",
            SlidingWindow = slidingOn ? f.Int("sliding_window") : null,
        };
        config = WithCommon(config, f);
        return f.Int("head_dim") is { } headDim ? config with { HeadDim = headDim } : config;
    }

    private static ModelConfig ParseGpt2(ConfigFields f)
    {
        // Variants that change the attention arithmetic are refused rather than computed wrongly.
        if (f.Bool("scale_attn_by_inverse_layer_idx") == true || f.Bool("scale_attn_weights") == false)
            throw f.Unsupported("scale_attn_by_inverse_layer_idx true or scale_attn_weights false",
                "GPT-2 attention scaled by 1/sqrt(head_dim) only");
        int hidden = f.RequiredInt("n_embd");
        int heads = f.RequiredInt("n_head");
        var config = new ModelConfig
        {
            ModelType = "gpt2",
            VocabSize = f.RequiredInt("vocab_size"),
            HiddenSize = hidden,
            NumLayers = f.RequiredInt("n_layer"),
            NumHeads = heads,
            NumKeyValueHeads = heads,
            IntermediateSize = f.Int("n_inner") ?? 4 * hidden,
            MaxPositions = f.RequiredInt("n_positions"),
            NormEps = f.Double("layer_norm_epsilon") ?? 1e-5,
            TieWordEmbeddings = f.Bool("tie_word_embeddings") ?? true,
            HiddenAct = f.String("activation_function") ?? "gelu_new",
        };
        return WithCommon(config, f);
    }

    private static ModelConfig WithCommon(ModelConfig config, ConfigFields f) => config with
    {
        TorchDtype = f.String("torch_dtype") ?? f.String("dtype") ?? "float32",
        BosTokenId = f.Int("bos_token_id"),
        EosTokenIds = f.IntOrList("eos_token_id"),
        PadTokenId = f.Int("pad_token_id"),
        NumLabels = RewardLabels(f),
    };

    // A sequence classifier is read as a reward model, which has exactly one output.
    private static int? RewardLabels(ConfigFields f) => f.SequenceClassificationLabels() switch
    {
        null => null,
        1 => 1,
        var n => throw f.Unsupported($"a sequence classifier with {n} labels",
            "reward models with one output (num_labels 1, id2label {\"0\": \"LABEL_0\"})"),
    };

    private static void Validate(ModelConfig c, string path)
    {
        string[] acts = c.IsGpt2 ? ["gelu_new", "gelu_pytorch_tanh", "gelu"] : ["silu"];
        string actField = c.IsGpt2 ? "activation_function" : "hidden_act";
        if (!acts.Contains(c.HiddenAct))
            throw new PlumbException($"{path}: {actField} \"{c.HiddenAct}\" is not supported for {c.ModelType}; "
                + $"supported values are {string.Join(", ", acts)}.");
        if (c.NumHeads <= 0 || c.NumKeyValueHeads <= 0 || c.NumHeads % c.NumKeyValueHeads != 0)
            throw new PlumbException($"{path}: {c.NumHeads} attention heads cannot be shared by "
                + $"{c.NumKeyValueHeads} key/value heads; the first must be a multiple of the second.");
        if (c.IsGpt2 && c.HiddenSize % c.NumHeads != 0)
            throw new PlumbException($"{path}: n_embd {c.HiddenSize} is not divisible by n_head {c.NumHeads}.");
        if (!c.IsGpt2 && c.HeadDim % 2 != 0)
            throw new PlumbException($"{path}: head dimension {c.HeadDim} must be even for rotary embeddings.");
    }

    /// <summary>Writes <paramref name="config"/> as a config.json that transformers can load.</summary>
    /// <remarks>Unknown fields of <see cref="ModelConfig.SourceJson"/> are kept; the weights are fp32.</remarks>
    public static string ToJson(ModelConfig config)
    {
        var json = config.SourceJson is { } source
            ? JsonNode.Parse(source) as JsonObject ?? []
            : [];
        json["architectures"] = new JsonArray(config.Architecture);
        json["model_type"] = config.ModelType;
        json["vocab_size"] = config.VocabSize;
        if (config.IsGpt2)
            WriteGpt2(json, config);
        else
            WriteLlama(json, config);
        json["tie_word_embeddings"] = config.TieWordEmbeddings;
        if (config.IsRewardModel)
        {
            // transformers derives num_labels from id2label; a one-output head is a reward model.
            json.Remove("num_labels");
            json["id2label"] = new JsonObject { ["0"] = "LABEL_0" };
            json["label2id"] = new JsonObject { ["LABEL_0"] = 0 };
        }
        json["torch_dtype"] = "float32";
        if (json.ContainsKey("dtype"))
            json["dtype"] = "float32";
        if (config.BosTokenId is { } bos)
            json["bos_token_id"] = bos;
        if (config.EosTokenIds.Count == 1)
            json["eos_token_id"] = config.EosTokenIds[0];
        else if (config.EosTokenIds.Count > 1)
            json["eos_token_id"] = new JsonArray([.. config.EosTokenIds.Select(id => (JsonNode)id)]);
        if (config.PadTokenId is { } pad)
            json["pad_token_id"] = pad;
        return json.ToJsonString(Indented);
    }

    private static void WriteLlama(JsonObject json, ModelConfig c)
    {
        json["hidden_size"] = c.HiddenSize;
        json["intermediate_size"] = c.IntermediateSize;
        json["num_hidden_layers"] = c.NumLayers;
        json["num_attention_heads"] = c.NumHeads;
        json["num_key_value_heads"] = c.NumKeyValueHeads;
        json["max_position_embeddings"] = c.MaxPositions;
        json["rope_theta"] = c.RopeTheta;
        if (c.RopeScaling is { } scaling && !json.ContainsKey("rope_scaling"))
            json["rope_scaling"] = scaling.ToJson();
        json["rms_norm_eps"] = c.NormEps;
        json["hidden_act"] = c.HiddenAct;
        if (c.HeadDim != c.HiddenSize / c.NumHeads || json.ContainsKey("head_dim"))
            json["head_dim"] = c.HeadDim;
        if (c.ModelType == "llama")
        {
            json["attention_bias"] = c.AttentionBias;
            json["mlp_bias"] = c.MlpBias;
        }
        if (c.SlidingWindow is { } window)
            json["sliding_window"] = window;
    }

    private static void WriteGpt2(JsonObject json, ModelConfig c)
    {
        json["n_embd"] = c.HiddenSize;
        json["n_layer"] = c.NumLayers;
        json["n_head"] = c.NumHeads;
        json["n_positions"] = c.MaxPositions;
        json["n_inner"] = c.IntermediateSize;
        json["layer_norm_epsilon"] = c.NormEps;
        json["activation_function"] = c.HiddenAct;
    }
}
