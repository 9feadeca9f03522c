using Plumb.Training;
using TorchSharp;

namespace Plumb.Tests.Training;

[Collection(TorchGlobalStateCollection.Name)]
public sealed class ReferenceSyncTests
{
    [Fact]
    public void Should_mix_the_policy_into_the_reference_every_tau_steps()
    {
        // Given reference weights 1 and policy weights 5, α = 0.25, τ = 4
        var reference = RegressionTask.Model();
        var policy = RegressionTask.Model();
        using (torch.no_grad())
        {
            foreach (var p in reference.parameters()) p.fill_(1f);
            foreach (var p in policy.parameters()) p.fill_(5f);
        }
        var sync = new ReferenceSync(Every: 4, Alpha: 0.25);

        // When steps 3 and 4 end
        bool at3 = sync.MaybeSync(3, reference, policy);
        bool at4 = sync.MaybeSync(4, reference, policy);

        // Then only step 4 updates: 0.25·5 + 0.75·1 = 2
        Assert.False(at3);
        Assert.True(at4);
        Assert.All(TrainingRun.Flatten(reference), v => Assert.Equal(2f, v));
        ReferenceSync.Mix(reference, policy, alpha: 1.0);
        Assert.All(TrainingRun.Flatten(reference), v => Assert.Equal(5f, v));
    }
}
