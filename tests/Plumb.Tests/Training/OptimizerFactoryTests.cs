using Plumb.Training;
using TorchSharp;

namespace Plumb.Tests.Training;

[Collection(TorchGlobalStateCollection.Name)]
public sealed class OptimizerFactoryTests
{
    [Theory]
    [InlineData(OptimizerType.AdamW)]
    [InlineData(OptimizerType.RmsProp)]
    public void Should_decay_the_weight_matrix_but_not_the_bias(OptimizerType type)
    {
        // Given a linear layer with zero gradients, lr 0.1 and weight decay 0.1
        var model = RegressionTask.Model();
        var options = new TrainingOptions { Optim = type, LearningRate = 0.1, WeightDecay = 0.1 };
        using var optimizer = OptimizerFactory.Create(model, options);
        foreach (var p in model.parameters())
            p.grad = torch.zeros_like(p);
        var weight = model.get_parameter("weight")!.detach().clone();
        var bias = model.get_parameter("bias")!.detach().clone();

        // When one step runs
        optimizer.step();

        // Then AdamW scales the weight by 1 − lr·wd = 0.99. RMSprop's L2 term gives g = 0.1·w,
        // square_avg = (1 − 0.99)·g², so the step is lr·g/(√square_avg + ε) = 0.1·g/(0.1·|g| + 1e-8),
        // about sign(w).
        // The bias has no decay and a zero gradient: it stays put.
        var g = 0.1 * weight;
        var expected = type == OptimizerType.AdamW ? weight * 0.99 : weight - 0.1 * g / (0.1 * g.abs() + 1e-8);
        Assert.True(model.get_parameter("weight")!.allclose(expected, rtol: 1e-5, atol: 1e-6));
        Assert.True(model.get_parameter("bias")!.equal(bias).item<bool>());
    }

    [Fact]
    public void Should_step_by_minus_lr_times_the_gradient_When_the_optimizer_is_sgd()
    {
        // Given a linear layer with known gradients, lr 0.1 and weight decay 0.1
        var model = RegressionTask.Model();
        var options = new TrainingOptions { Optim = OptimizerType.Sgd, LearningRate = 0.1, WeightDecay = 0.1 };
        using var optimizer = OptimizerFactory.Create(model, options);
        foreach (var p in model.parameters())
            p.grad = torch.full_like(p, 2.0);
        var weight = model.get_parameter("weight")!.detach().clone();
        var bias = model.get_parameter("bias")!.detach().clone();

        // When one step runs
        optimizer.step();

        // Then w <- w - 0.1 * (2 + 0.1 w) with the L2 term on the matrix only, and b <- b - 0.1 * 2
        Assert.True(model.get_parameter("weight")!.allclose(weight - 0.1 * (2.0 + 0.1 * weight), rtol: 1e-6));
        Assert.True(model.get_parameter("bias")!.allclose(bias - 0.2, rtol: 1e-6));
    }

    [Fact]
    public void Should_use_adam_beta2_0_999_rather_than_torchsharps_factory_default_of_0_99()
    {
        var model = RegressionTask.Model();

        using var optimizer = (TorchSharp.Modules.AdamW)OptimizerFactory.Create(model, new TrainingOptions());

        Assert.Equal((0.9, 0.999), optimizer.Betas);
        Assert.Equal(2, optimizer.ParamGroups.Count());
    }
}
