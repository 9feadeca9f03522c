using Plumb.Objectives;
using static Plumb.Tests.Objectives.Inputs;

namespace Plumb.Tests.Objectives;

public sealed class ObjectiveRegistryTests
{
    private static readonly string[] TrlDpoLossTypes =
    [
        "sigmoid", "hinge", "ipo", "exo_pair", "nca_pair", "robust", "bco_pair", "sppo_hard", "aot",
        "aot_unpaired", "apo_zero", "apo_down", "discopop", "sft", "sigmoid_norm",
    ];

    /// <summary>Paired objectives whose loss falls as the chosen log-prob rises (all but APO-down).</summary>
    public static TheoryData<string> Monotone => new(ObjectiveRegistry.Entries
        .Where(e => !e.NeedsUnpairedData && e.Name != ApoObjective.DownName)
        .Select(e => e.Name));

    [Fact]
    public void Should_register_every_TRL_DPO_loss_type_under_its_TRL_name()
    {
        foreach (var name in TrlDpoLossTypes) Assert.True(ObjectiveRegistry.Contains(name), name);
        Assert.True(ObjectiveRegistry.Contains("kto") && ObjectiveRegistry.Contains("apo_zero_unpaired"));
    }

    [Fact]
    public void Should_describe_what_each_objective_needs()
    {
        Assert.True(ObjectiveRegistry.Describe("sigmoid").NeedsReferenceModel);
        Assert.False(ObjectiveRegistry.Describe("simpo").NeedsReferenceModel);
        Assert.True(ObjectiveRegistry.Describe("kto").NeedsUnpairedData);
        Assert.True(ObjectiveRegistry.Describe("kto").Needs.HasFlag(ObjectiveNeeds.MismatchedPairs));
        Assert.True(ObjectiveRegistry.Describe("ipo").Needs.HasFlag(ObjectiveNeeds.CompletionLengths));
        Assert.All(ObjectiveRegistry.Entries, e => Assert.False(string.IsNullOrWhiteSpace(e.Description)));
    }

    [Fact]
    public void Should_wrap_with_LD_DPO_and_WPO_When_the_settings_ask()
    {
        var settings = new ObjectiveSettings { LdAlpha = 0.5, UseWeighting = true };

        var objective = ObjectiveRegistry.CreatePaired("sigmoid", settings);

        Assert.IsType<WpoWeighting>(objective);
        Assert.True(objective.Info.NeedsTokenLogProbs);
        Assert.Contains("LD-DPO alpha 0.5", objective.Info.Description);
    }

    [Fact]
    public void Should_refuse_pairs_for_unpaired_objectives_and_the_reverse()
    {
        Assert.Throws<PlumbException>(() => ObjectiveRegistry.CreatePaired("bco"));
        var error = Assert.Throws<PlumbException>(() => ObjectiveRegistry.CreateUnpaired("sigmoid"));
        Assert.Contains("kto, apo_zero_unpaired, bco", error.Message);
    }

    [Theory]
    [MemberData(nameof(Monotone))]
    public void Should_push_the_chosen_up_and_the_rejected_down(string name)
    {
        // Given the common inputs (h = 1.5, short of every margin target), one gradient step on the mean loss
        var objective = ObjectiveRegistry.CreatePaired(name);

        var (chosen, rejected) = PolicyGradients(objective, Common());

        // Then descent raises log pi(y_w) and lowers (or, for SFT, ignores) log pi(y_l)
        Assert.True(chosen < 0.0, $"{name}: d loss / d log pi(y_w) = {chosen}");
        Assert.True(rejected >= 0.0, $"{name}: d loss / d log pi(y_l) = {rejected}");
    }

    [Fact]
    public void Should_keep_float64_from_input_to_loss()
    {
        foreach (var name in Monotone)
        {
            var output = ObjectiveRegistry.CreatePaired(name).Compute(Common(), ObjectiveState.Initial);
            Assert.Equal(TorchSharp.torch.ScalarType.Float64, output.Losses.dtype);
        }
    }

    [Fact]
    public void Should_keep_float32_inputs_in_float32_as_training_uses_them()
    {
        // Given the common inputs cast to float32, as a trainer computes them
        var p = Common();
        var f32 = p with
        {
            PolicyChosen = p.PolicyChosen.to(TorchSharp.torch.ScalarType.Float32),
            PolicyRejected = p.PolicyRejected.to(TorchSharp.torch.ScalarType.Float32),
            ReferenceChosen = p.ReferenceChosen!.to(TorchSharp.torch.ScalarType.Float32),
            ReferenceRejected = p.ReferenceRejected!.to(TorchSharp.torch.ScalarType.Float32),
            ChosenLengths = p.ChosenLengths!.to(TorchSharp.torch.ScalarType.Float32),
            RejectedLengths = p.RejectedLengths!.to(TorchSharp.torch.ScalarType.Float32),
        };

        foreach (var name in ObjectiveRegistry.Entries.Where(e => !e.NeedsUnpairedData).Select(e => e.Name))
        {
            // When each paired objective runs, Then its losses stay float32 and agree with float64 to 1e-5
            var output = ObjectiveRegistry.CreatePaired(name).Compute(f32, ObjectiveState.Initial);
            var reference = ObjectiveRegistry.CreatePaired(name).Compute(p, ObjectiveState.Initial);
            Assert.Equal(TorchSharp.torch.ScalarType.Float32, output.Losses.dtype);
            Assert.Equal(reference.Losses.item<double>(), output.Losses.to(TorchSharp.torch.ScalarType.Float64)
                .item<double>(), 1e-4);
        }
    }
}
