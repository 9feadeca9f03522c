using Plumb.Models.Gpt2;
using Plumb.Models.Llama;
using static TorchSharp.torch;

namespace Plumb.Models;

/// <summary>Builds the module for a config, with freshly initialised fp32 weights.</summary>
public static class ModelBuilder
{
    /// <summary>Builds a Llama-family or GPT-2 model on <paramref name="device"/> (the CPU by default): a causal
    /// LM, or a reward model when the config is a one-label sequence classifier.</summary>
    /// <remarks>On the "meta" device nothing is allocated: names and shapes only, for checking a checkpoint.</remarks>
    public static CausalLM Build(ModelConfig config, Device? device = null) =>
        (config.IsGpt2, config.IsRewardModel) switch
        {
            (true, false) => new Gpt2CausalLM(config, device),
            (true, true) => new Gpt2RewardModel(config, device),
            (false, false) => new LlamaCausalLM(config, device),
            (false, true) => new LlamaRewardModel(config, device),
        };
}
