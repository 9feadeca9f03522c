using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Plumb.Models.Gpt2;

/// <summary>
/// GPT-2 as <c>GPT2ForSequenceClassification</c> names it: the transformer (<c>transformer.*</c>) and a
/// one-output, bias-free head <c>score</c>.
/// </summary>
/// <remarks><see cref="CausalLM.Logits"/> applies the score head: [..., hidden] to [..., 1].</remarks>
public sealed class Gpt2RewardModel : CausalLM
{
    private readonly Gpt2Backbone transformer;
    private readonly Linear score;

    public Gpt2RewardModel(ModelConfig config, Device? device = null) : base(nameof(Gpt2RewardModel), config)
    {
        transformer = new Gpt2Backbone(config, device);
        score = nn.Linear(config.HiddenSize, 1, hasBias: false, device: device);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor HiddenStates(Tensor inputIds) => transformer.Run(inputIds, CheckpointActivations);

    /// <inheritdoc />
    public override Tensor Logits(Tensor hidden) => score.forward(hidden);
}
