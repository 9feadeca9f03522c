using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Plumb.Models.Llama;

/// <summary>Llama, Mistral and Qwen2 under Hugging Face's tensor names (Touvron et al. 2023, arXiv:2302.13971).
/// </summary>
public sealed class LlamaCausalLM : CausalLM
{
    private readonly LlamaBackbone model;
    private readonly Linear? lm_head;

    public LlamaCausalLM(ModelConfig config, Device? device = null) : base(nameof(LlamaCausalLM), config)
    {
        model = new LlamaBackbone(config, device);
        if (!config.TieWordEmbeddings)
            lm_head = nn.Linear(config.HiddenSize, config.VocabSize, hasBias: false, device: device);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor HiddenStates(Tensor inputIds) =>
        model.Run(inputIds, CheckpointActivations);

    /// <inheritdoc />
    public override Tensor Logits(Tensor hidden) => lm_head is null
        ? nn.functional.linear(hidden, model.EmbeddingWeight)
        : lm_head.forward(hidden);
}
