using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Plumb.Models.Llama;

/// <summary>
/// A Llama-family reward model under Hugging Face's <c>*ForSequenceClassification</c> names: the decoder
/// (<c>model.*</c>) and a one-output, bias-free head <c>score</c>; there is no vocabulary head.
/// </summary>
/// <remarks><see cref="CausalLM.Logits"/> applies the score head: [..., hidden] to [..., 1].</remarks>
public sealed class LlamaRewardModel : CausalLM
{
    private readonly LlamaBackbone model;
    private readonly Linear score;

    public LlamaRewardModel(ModelConfig config, Device? device = null) : base(nameof(LlamaRewardModel), config)
    {
        model = new LlamaBackbone(config, device);
        score = nn.Linear(config.HiddenSize, 1, hasBias: false, device: device);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor HiddenStates(Tensor inputIds) => model.Run(inputIds, CheckpointActivations);

    /// <inheritdoc />
    public override Tensor Logits(Tensor hidden) => score.forward(hidden);
}
