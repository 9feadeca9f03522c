using Plumb.Models.Gpt2;
using Plumb.Models.Llama;

namespace Plumb.Models;

/// <summary>Builds the module for a config, with freshly initialised weights.</summary>
public static class ModelBuilder
{
    /// <summary>Builds a Llama-family or GPT-2 model on the CPU in fp32.</summary>
    public static CausalLM Build(ModelConfig config) => config.IsGpt2
        ? new Gpt2CausalLM(config)
        : new LlamaCausalLM(config);
}
