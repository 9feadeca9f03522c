using Plumb.Models;
using Plumb.Models.Lora;
using Plumb.Tests.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Tests.Models;

[Collection(TorchGlobalStateCollection.Name)]
public sealed class ActivationCheckpointTests
{
    [Theory]
    [InlineData("llama")]
    [InlineData("gpt2")]
    public void Should_GiveSameLossAndGradients_When_BlocksAreCheckpointed(string architecture)
    {
        // Given one model, a loss and all its gradients computed the ordinary way
        using var model = LoraFixture.Load(architecture);
        var (plainLoss, plainGrads) = LossAndGradients(model);

        // When the same pass runs with every block recomputed in backward
        model.CheckpointActivations = true;
        var (loss, grads) = LossAndGradients(model);

        // Then the loss and every parameter's gradient agree within 1e-6
        Assert.Equal(plainLoss, loss, 1e-6);
        Assert.Equal(plainGrads.Count, grads.Count);
        foreach (var (name, grad) in plainGrads)
            Assert.True((grads[name] - grad).abs().max().item<float>() <= 1e-6, name);
    }

    [Fact]
    public void Should_GiveAdapterGradients_When_CheckpointedWithFrozenEmbeddings()
    {
        // The embedding output needs no gradient under LoRA; the blocks' adapters still must get theirs.
        using var model = LoraFixture.Load("llama");
        var lora = LoraModel.Attach(model, new LoraOptions { Rank = 2 });
        var (_, plain) = LossAndGradients(model);
        model.CheckpointActivations = true;

        var (_, checkpointed) = LossAndGradients(model);

        Assert.Equal(2 * lora.Adapters.Count, checkpointed.Count);
        foreach (var (name, grad) in plain)
            Assert.True((checkpointed[name] - grad).abs().max().item<float>() <= 1e-6, name);
    }

    private static (double Loss, Dictionary<string, Tensor> Grads) LossAndGradients(CausalLM model)
    {
        model.zero_grad();
        using var ids = LoraFixture.Ids();
        var logits = model.forward(ids);
        var targets = ids.narrow(1, 1, 7).reshape(-1);
        var loss = nn.functional.cross_entropy(logits.narrow(1, 0, 7).reshape(-1, logits.shape[^1]), targets);
        loss.backward();
        var grads = model.named_parameters().Where(p => p.parameter.grad is not null)
            .ToDictionary(p => p.name, p => p.parameter.grad!.clone());
        return (loss.item<float>(), grads);
    }
}
