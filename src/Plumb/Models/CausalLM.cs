using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Models;

/// <summary>
/// A decoder-only language model: token ids in, next-token logits out.
/// </summary>
/// <remarks>
/// Split in two so that callers can keep the final hidden states (the CHES score needs them) and apply the
/// vocabulary projection only where they need it. Batches are right-padded; with a causal mask, padding
/// after a sequence never influences its real positions, so no attention mask is taken.
/// The state dict uses Hugging Face's tensor names; <see cref="CheckpointNames"/> maps the rest.
/// The attention and MLP projections are invoked through <c>call</c>, so forward hooks on them (LoRA) apply.
/// </remarks>
public abstract class CausalLM : nn.Module<Tensor, Tensor>
{
    protected CausalLM(string name, ModelConfig config) : base(name) => Config = config;

    /// <summary>The configuration this model was built from.</summary>
    public ModelConfig Config { get; }

    /// <summary>
    /// Whether each decoder block recomputes its activations in the backward pass instead of keeping them,
    /// trading about one extra forward pass for memory; only applies while gradients are being recorded.
    /// </summary>
    /// <value>The default value is false.</value>
    public bool CheckpointActivations { get; set; }

    /// <summary>Final-layer hidden states after the last norm, shape [batch, time, hidden].</summary>
    public abstract Tensor HiddenStates(Tensor inputIds);

    /// <summary>Projects hidden states [..., hidden] to vocabulary logits [..., vocab].</summary>
    public abstract Tensor Logits(Tensor hidden);

    /// <inheritdoc />
    public override Tensor forward(Tensor inputIds) => Logits(HiddenStates(inputIds));

    /// <summary>Number of distinct parameters (a tied head counts once).</summary>
    public long ParameterCount() => parameters().Sum(p => p.numel());
}
