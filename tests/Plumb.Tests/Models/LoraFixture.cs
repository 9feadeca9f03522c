using Plumb.Models;
using Plumb.Tests.Fixtures;
using static TorchSharp.torch;

namespace Plumb.Tests.Models;

/// <summary>Tiny checkpoints loaded fresh for the LoRA and checkpointing tests.</summary>
internal static class LoraFixture
{
    public static CausalLM Load(string architecture)
    {
        string dir = TinyModels.TempDir(architecture);
        if (architecture == "gpt2")
            TinyModels.WriteGpt2(dir);
        else
            TinyModels.WriteLlama(dir);
        return ModelLoader.Load(dir, CPU);
    }

    /// <summary>A fixed batch of two rows of eight token ids.</summary>
    public static Tensor Ids() => tensor(new long[] { 1, 5, 9, 2, 7, 3, 11, 4, 6, 8, 10, 12, 14, 16, 18, 20 })
        .view(2, 8);
}
