using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Models.Gpt2;

/// <summary>GPT-2 (Radford et al. 2019), its head tied to the token embedding, under Hugging Face's names.
/// </summary>
public sealed class Gpt2CausalLM : CausalLM
{
    private readonly Gpt2Backbone transformer;

    public Gpt2CausalLM(ModelConfig config, Device? device = null) : base(nameof(Gpt2CausalLM), config)
    {
        if (!config.TieWordEmbeddings)
            throw new PlumbException("GPT-2 with tie_word_embeddings false is not supported; "
                + "Plumb builds GPT-2 with its head tied to transformer.wte.");
        transformer = new Gpt2Backbone(config, device);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor HiddenStates(Tensor inputIds) =>
        transformer.Run(inputIds, CheckpointActivations);

    /// <inheritdoc />
    public override Tensor Logits(Tensor hidden) => nn.functional.linear(hidden, transformer.EmbeddingWeight);
}
