using System.Text.Json.Nodes;
using Plumb.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Tests.Fixtures;

/// <summary>
/// Writes tiny random models in Hugging Face's on-disk layout (config.json + model.safetensors), with names,
/// shapes and Conv1D orientation spelled out here independently of Plumb's model code.
/// </summary>
public static class TinyModels
{
    public const int Vocab = 64;
    public const int Hidden = 32;
    public const int Heads = 4;
    public const int KvHeads = 2;
    public const int Layers = 2;
    public const int Intermediate = 48;
    public const int Positions = 128;

    private static readonly Lazy<string> Root = new(() =>
    {
        // The test host is often killed rather than exited, so earlier runs' folders are removed here.
        foreach (string stale in Directory.GetDirectories(Path.GetTempPath(), "plumb-tests-*"))
            if (int.TryParse(stale[(stale.LastIndexOf('-') + 1)..], out int pid) && !IsRunning(pid))
                Directory.Delete(stale, recursive: true);
        return Path.Combine(Path.GetTempPath(), $"plumb-tests-{Environment.ProcessId}");
    });

    /// <summary>A fresh empty directory under this test run's folder; the next run removes it.</summary>
    public static string TempDir(string tag = "model")
    {
        string dir = Path.Combine(Root.Value, $"{tag}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>
    /// Writes a Llama-family model: <paramref name="modelType"/> "llama", "mistral" or "qwen2" (q/k/v bias).
    /// With <paramref name="tied"/>, only lm_head.weight is stored and <c>__metadata__</c> maps the
    /// embedding to it, as safetensors' save_model does.
    /// </summary>
    public static string WriteLlama(string dir, string modelType = "llama", bool tied = false,
        ScalarType dtype = ScalarType.Float32, int seed = 1)
    {
        var tensors = LlamaTensors(modelType == "qwen2", tied, seed);
        var metadata = new Dictionary<string, string> { ["format"] = "pt" };
        if (tied)
            metadata["model.embed_tokens.weight"] = "lm_head.weight";
        Write(dir, LlamaConfig(modelType, tied, dtype), tensors, dtype, metadata);
        return dir;
    }

    /// <summary>Writes a GPT-2 model whose Conv1D weights are stored [in, out] and whose head is tied.</summary>
    public static string WriteGpt2(string dir, ScalarType dtype = ScalarType.Float32, int seed = 2)
    {
        Write(dir, Gpt2Config(dtype), Gpt2Tensors(seed), dtype,
            new Dictionary<string, string> { ["format"] = "pt" });
        return dir;
    }

    /// <summary>Llama-family tensors by Hugging Face name, in fp32; the head is lm_head.weight either way.</summary>
    public static List<(string Name, Tensor Value)> LlamaTensors(bool qkvBias, bool tied, int seed)
    {
        using var gen = new Generator((ulong)seed);
        int d = Hidden / Heads;
        var list = new List<(string, Tensor)>();
        if (!tied)
            list.Add(("model.embed_tokens.weight", Weight(gen, Vocab, Hidden)));
        for (int i = 0; i < Layers; i++)
        {
            string p = $"model.layers.{i}.";
            list.Add((p + "input_layernorm.weight", Norm(gen, Hidden)));
            list.Add((p + "self_attn.q_proj.weight", Weight(gen, Heads * d, Hidden)));
            list.Add((p + "self_attn.k_proj.weight", Weight(gen, KvHeads * d, Hidden)));
            list.Add((p + "self_attn.v_proj.weight", Weight(gen, KvHeads * d, Hidden)));
            if (qkvBias)
            {
                list.Add((p + "self_attn.q_proj.bias", Weight(gen, Heads * d)));
                list.Add((p + "self_attn.k_proj.bias", Weight(gen, KvHeads * d)));
                list.Add((p + "self_attn.v_proj.bias", Weight(gen, KvHeads * d)));
            }
            list.Add((p + "self_attn.o_proj.weight", Weight(gen, Hidden, Heads * d)));
            list.Add((p + "post_attention_layernorm.weight", Norm(gen, Hidden)));
            list.Add((p + "mlp.gate_proj.weight", Weight(gen, Intermediate, Hidden)));
            list.Add((p + "mlp.up_proj.weight", Weight(gen, Intermediate, Hidden)));
            list.Add((p + "mlp.down_proj.weight", Weight(gen, Hidden, Intermediate)));
        }
        list.Add(("model.norm.weight", Norm(gen, Hidden)));
        list.Add(("lm_head.weight", Weight(gen, Vocab, Hidden)));
        return list;
    }

    /// <summary>GPT-2 tensors by Hugging Face name; Conv1D weights are [in, out]; no lm_head (tied).</summary>
    public static List<(string Name, Tensor Value)> Gpt2Tensors(int seed)
    {
        using var gen = new Generator((ulong)seed);
        var list = new List<(string, Tensor)>
        {
            ("transformer.wte.weight", Weight(gen, Vocab, Hidden)),
            ("transformer.wpe.weight", Weight(gen, Positions, Hidden)),
        };
        for (int i = 0; i < Layers; i++)
        {
            string p = $"transformer.h.{i}.";
            list.Add((p + "ln_1.weight", Norm(gen, Hidden)));
            list.Add((p + "ln_1.bias", Weight(gen, Hidden)));
            list.Add((p + "attn.c_attn.weight", Weight(gen, Hidden, 3 * Hidden)));
            list.Add((p + "attn.c_attn.bias", Weight(gen, 3 * Hidden)));
            list.Add((p + "attn.c_proj.weight", Weight(gen, Hidden, Hidden)));
            list.Add((p + "attn.c_proj.bias", Weight(gen, Hidden)));
            list.Add((p + "ln_2.weight", Norm(gen, Hidden)));
            list.Add((p + "ln_2.bias", Weight(gen, Hidden)));
            list.Add((p + "mlp.c_fc.weight", Weight(gen, Hidden, 4 * Hidden)));
            list.Add((p + "mlp.c_fc.bias", Weight(gen, 4 * Hidden)));
            list.Add((p + "mlp.c_proj.weight", Weight(gen, 4 * Hidden, Hidden)));
            list.Add((p + "mlp.c_proj.bias", Weight(gen, Hidden)));
        }
        list.Add(("transformer.ln_f.weight", Norm(gen, Hidden)));
        list.Add(("transformer.ln_f.bias", Weight(gen, Hidden)));
        return list;
    }

    /// <summary>A Llama-family config.json as transformers writes it.</summary>
    public static JsonObject LlamaConfig(string modelType = "llama", bool tied = false,
        ScalarType dtype = ScalarType.Float32) => new()
    {
        ["architectures"] = new JsonArray(modelType switch
        {
            "qwen2" => "Qwen2ForCausalLM",
            "mistral" => "MistralForCausalLM",
            _ => "LlamaForCausalLM",
        }),
        ["model_type"] = modelType,
        ["vocab_size"] = Vocab,
        ["hidden_size"] = Hidden,
        ["intermediate_size"] = Intermediate,
        ["num_hidden_layers"] = Layers,
        ["num_attention_heads"] = Heads,
        ["num_key_value_heads"] = KvHeads,
        ["max_position_embeddings"] = Positions,
        ["rope_theta"] = 500.0,
        ["rms_norm_eps"] = 1e-5,
        ["hidden_act"] = "silu",
        ["tie_word_embeddings"] = tied,
        ["torch_dtype"] = DtypeName(dtype),
        ["bos_token_id"] = 1,
        ["eos_token_id"] = 2,
        ["initializer_range"] = 0.02,
    };

    /// <summary>A GPT-2 config.json as transformers writes it (n_inner null means 4 * n_embd).</summary>
    public static JsonObject Gpt2Config(ScalarType dtype = ScalarType.Float32) => new()
    {
        ["architectures"] = new JsonArray("GPT2LMHeadModel"),
        ["model_type"] = "gpt2",
        ["vocab_size"] = Vocab,
        ["n_embd"] = Hidden,
        ["n_layer"] = Layers,
        ["n_head"] = Heads,
        ["n_positions"] = Positions,
        ["n_inner"] = null,
        ["layer_norm_epsilon"] = 1e-5,
        ["activation_function"] = "gelu_new",
        ["torch_dtype"] = DtypeName(dtype),
        ["bos_token_id"] = 0,
        ["eos_token_id"] = 0,
    };

    /// <summary>Writes config.json and model.safetensors (tensors cast to <paramref name="dtype"/>).</summary>
    public static void Write(string dir, JsonObject config, IEnumerable<(string Name, Tensor Value)> tensors,
        ScalarType dtype = ScalarType.Float32, IReadOnlyDictionary<string, string>? metadata = null)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "config.json"), config.ToJsonString());
        var cast = tensors.Select(t => (t.Name, t.Value.to_type(dtype))).ToList();
        SafetensorsWriter.Write(Path.Combine(dir, "model.safetensors"), cast, metadata);
    }

    /// <summary>Reads every tensor of a single-file checkpoint, by name, as fp32.</summary>
    public static Dictionary<string, Tensor> ReadAll(string dir)
    {
        var file = SafetensorsFile.Open(Path.Combine(dir, "model.safetensors"));
        return file.Entries.ToDictionary(e => e.Name, file.ReadFloat32);
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string DtypeName(ScalarType dtype) => dtype switch
    {
        ScalarType.Float16 => "float16",
        ScalarType.BFloat16 => "bfloat16",
        _ => "float32",
    };

    private static Tensor Weight(Generator gen, params long[] shape) => randn(shape, generator: gen).mul_(0.2);

    private static Tensor Norm(Generator gen, long size) => randn([size], generator: gen).mul_(0.1).add_(1);
}
