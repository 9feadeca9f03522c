using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Plumb.Training;

/// <summary>Builds the optimizer the options name, with weight decay only on matrices and embeddings.</summary>
public static class OptimizerFactory
{
    /// <summary>
    /// Creates AdamW, RMSprop or plain SGD over the trainable parameters of <paramref name="model"/>, in two groups:
    /// tensors of rank ≥ 2 decay; biases and norm weights (rank &lt; 2) do not, as in nanoGPT and HF.
    /// </summary>
    public static OptimizerHelper Create(nn.Module model, TrainingOptions o)
    {
        var trainable = model.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        if (trainable.Count == 0)
            throw new PlumbException("The model has no trainable parameters; nothing would be optimised.");
        var decay = trainable.Where(p => p.parameter.dim() >= 2).Select(p => p.parameter).ToList();
        var noDecay = trainable.Where(p => p.parameter.dim() < 2).Select(p => p.parameter).ToList();
        return o.Optim switch
        {
            OptimizerType.AdamW => AdamW(decay, noDecay, o),
            OptimizerType.Sgd => Sgd(decay, noDecay, o),
            _ => RmsProp(decay, noDecay, o),
        };
    }

    private static AdamW AdamW(List<Parameter> decay, List<Parameter> noDecay, TrainingOptions o)
    {
        AdamW.ParamGroup Group(List<Parameter> ps, double wd) =>
            new(ps, o.LearningRate, o.AdamBeta1, o.AdamBeta2, o.AdamEpsilon, weight_decay: wd);
        var groups = new[] { Group(decay, o.WeightDecay), Group(noDecay, 0.0) }.Where(g => g.Parameters.Any());
        return new AdamW(groups, o.LearningRate, o.AdamBeta1, o.AdamBeta2, o.AdamEpsilon, o.WeightDecay);
    }

    private static RMSProp RmsProp(List<Parameter> decay, List<Parameter> noDecay, TrainingOptions o)
    {
        RMSProp.ParamGroup Group(List<Parameter> ps, double wd) =>
            new(ps, new RMSProp.Options
            {
                LearningRate = o.LearningRate, alpha = o.RmspropAlpha, eps = o.AdamEpsilon, weight_decay = wd,
            });
        var groups = new[] { Group(decay, o.WeightDecay), Group(noDecay, 0.0) }.Where(g => g.Parameters.Any());
        return new RMSProp(groups, o.LearningRate, o.RmspropAlpha, o.AdamEpsilon, o.WeightDecay);
    }

    private static SGD Sgd(List<Parameter> decay, List<Parameter> noDecay, TrainingOptions o)
    {
        SGD.ParamGroup Group(List<Parameter> ps, double wd) =>
            new(ps, new SGD.Options { LearningRate = o.LearningRate, weight_decay = wd });
        var groups = new[] { Group(decay, o.WeightDecay), Group(noDecay, 0.0) }.Where(g => g.Parameters.Any());
        return new SGD(groups, o.LearningRate, weight_decay: o.WeightDecay);
    }

    /// <summary>Sets the learning rate of every parameter group.</summary>
    public static void SetLearningRate(optim.Optimizer optimizer, double lr)
    {
        foreach (var group in optimizer.ParamGroups)
            group.LearningRate = lr;
    }
}
