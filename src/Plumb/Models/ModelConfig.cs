namespace Plumb.Models;

/// <summary>
/// The architecture fields of a Hugging Face <c>config.json</c> that Plumb's model builders read.
/// </summary>
/// <remarks>Read and written by <see cref="ModelConfigJson"/>.</remarks>
public sealed record ModelConfig
{
    private readonly int? _headDim;

    /// <summary><c>model_type</c>: "llama", "mistral", "qwen2" (built as llama) or "gpt2".</summary>
    public required string ModelType { get; init; }

    public required int VocabSize { get; init; }

    public required int HiddenSize { get; init; }

    public required int NumLayers { get; init; }

    public required int NumHeads { get; init; }

    /// <summary>Key/value heads for grouped-query attention; equal to <see cref="NumHeads"/> without GQA.</summary>
    public required int NumKeyValueHeads { get; init; }

    public required int IntermediateSize { get; init; }

    /// <summary>Longest sequence the model supports (<c>max_position_embeddings</c> or <c>n_positions</c>).</summary>
    public required int MaxPositions { get; init; }

    public double RopeTheta { get; init; } = 10000.0;

    /// <summary><c>rope_scaling</c>: null for plain rotary embeddings.</summary>
    public RopeScaling? RopeScaling { get; init; }

    public double NormEps { get; init; } = 1e-5;

    public bool TieWordEmbeddings { get; init; }

    /// <summary>Bias on the q, k and v projections (Qwen2, or Llama with <c>attention_bias</c>).</summary>
    public bool AttentionBias { get; init; }

    /// <summary>Bias on the attention output projection (Llama with <c>attention_bias</c>; not Qwen2).</summary>
    public bool OutputBias { get; init; }

    /// <summary>Bias on the MLP projections (Llama's <c>mlp_bias</c>).</summary>
    public bool MlpBias { get; init; }

    /// <summary>
    /// The activation, as the config names it: "silu" for Llama, "gelu_new" (tanh approximation) for GPT-2.
    /// </summary>
    public string HiddenAct { get; init; } = "silu";

    /// <summary>Mistral's sliding attention window; null means full causal attention.</summary>
    public int? SlidingWindow { get; init; }

    /// <summary><c>torch_dtype</c> as the checkpoint declares it ("float32", "float16", "bfloat16").</summary>
    public string TorchDtype { get; init; } = "float32";

    /// <summary><c>bos_token_id</c>, when the config names one.</summary>
    public int? BosTokenId { get; init; }

    /// <summary><c>eos_token_id</c> (one id, or several as Llama 3 lists them); empty when not named.</summary>
    public IReadOnlyList<int> EosTokenIds { get; init; } = [];

    /// <summary><c>pad_token_id</c>, when the config names one.</summary>
    public int? PadTokenId { get; init; }

    /// <summary>
    /// The original <c>config.json</c> text, if this config was read from one; its unknown fields are kept on
    /// save. The default is null.
    /// </summary>
    public string? SourceJson { get; init; }

    /// <summary>Width of one attention head: <c>head_dim</c> when the config sets it, else hidden / heads.</summary>
    public int HeadDim
    {
        get => _headDim ?? HiddenSize / NumHeads;
        init => _headDim = value;
    }

    /// <summary>True for the GPT-2 family, false for the Llama family.</summary>
    public bool IsGpt2 => ModelType == "gpt2";

    /// <summary>Outputs of a sequence-classification head (Hugging Face's <c>*ForSequenceClassification</c>):
    /// 1 for a reward model, null for a causal language model.</summary>
    public int? NumLabels { get; init; }

    /// <summary>True when the model ends in a one-output <c>score</c> head instead of the vocabulary head.</summary>
    public bool IsRewardModel => NumLabels is not null;

    /// <summary>The Hugging Face class name written as <c>architectures[0]</c>.</summary>
    public string Architecture => (ModelType, IsRewardModel) switch
    {
        ("gpt2", false) => "GPT2LMHeadModel",
        ("gpt2", true) => "GPT2ForSequenceClassification",
        ("mistral", _) => IsRewardModel ? "MistralForSequenceClassification" : "MistralForCausalLM",
        ("qwen2", _) => IsRewardModel ? "Qwen2ForSequenceClassification" : "Qwen2ForCausalLM",
        _ => IsRewardModel ? "LlamaForSequenceClassification" : "LlamaForCausalLM",
    };
}
