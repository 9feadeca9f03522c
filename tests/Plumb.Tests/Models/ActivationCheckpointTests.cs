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

    [Fact]
    public void Should_GiveSameGradients_When_CheckpointedBlocksHaveLoraDropout()
    {
        // Given LoRA adapters with dropout 0.5 and non-zero B (so A's gradients depend on the masks), in training
        using var model = LoraFixture.Load("llama");
        var lora = LoraModel.Attach(model, new LoraOptions { Rank = 2, Dropout = 0.5 });
        using (no_grad())
            foreach (var adapter in lora.Adapters)
                adapter.B.weight!.normal_(0, 0.5);
        model.train();

        // When the ordinary pass and the checkpointed pass draw their masks from the same dropout frame
        Dictionary<string, Tensor> plain, other, checkpointed;
        using (DropoutReplay.Open(baseSeed: 777))
            (_, plain) = LossAndGradients(model);
        using (DropoutReplay.Open(baseSeed: 778))
            (_, other) = LossAndGradients(model);
        model.CheckpointActivations = true;
        using (DropoutReplay.Open(baseSeed: 777))
            (_, checkpointed) = LossAndGradients(model);

        // Then the recomputation used the forward's masks: every gradient agrees within 1e-6, while other masks
        // give visibly other gradients
        Assert.Equal(2 * lora.Adapters.Count, checkpointed.Count);
        foreach (var (name, grad) in plain)
            Assert.True((checkpointed[name] - grad).abs().max().item<float>() <= 1e-6, name);
        Assert.Contains(plain, p => (other[p.Key] - p.Value).abs().max().item<float>() > 1e-4);
    }

    [Fact]
    public void Should_RecomputeWithTheForwardMasks_When_NoFrameIsOpen()
    {
        // Given checkpointed blocks with LoRA dropout and no dropout frame of the caller's
        using var model = LoraFixture.Load("llama");
        LoraModel.Attach(model, new LoraOptions { Rank = 2, Dropout = 0.3 });
        model.train();
        model.CheckpointActivations = true;
        var masks = new List<Tensor>();
        DropoutReplay.MaskDrawn = m => masks.Add(m.clone().DetachFromDisposeScope());
        try
        {
            // When one forward and backward pass runs
            LossAndGradients(model);
        }
        finally
        {
            DropoutReplay.MaskDrawn = null;
        }

        // Then every mask of the forward is drawn again, identically, in the backward's recomputation
        Assert.True(masks.Count > 0 && masks.Count % 2 == 0, $"{masks.Count} masks");
        var forward = masks.Take(masks.Count / 2).ToList();
        var recomputed = masks.Skip(masks.Count / 2).ToList();
        Assert.All(forward, f => Assert.Contains(recomputed,
            r => r.shape.SequenceEqual(f.shape) && r.eq(f).all().item<bool>()));
        Assert.Contains(forward, f => !f.all().item<bool>());
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
