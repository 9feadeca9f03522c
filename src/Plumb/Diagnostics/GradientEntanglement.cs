using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Diagnostics;

/// <summary>
/// Gradient entanglement of margin losses, Yuan et al. 2024 (arXiv 2410.13828, Sec. 3): whether
/// &lt;g_c, g_r&gt; &lt; min(|g_c|^2, |g_r|^2), so that a DPO step raises the chosen and lowers the rejected.
/// </summary>
public static class GradientEntanglement
{
    /// <summary>Measures one pair: gradients of the summed chosen and rejected log-probs of a model.</summary>
    /// <param name="model">Any module; its parameters' <c>.grad</c> are left untouched.</param>
    /// <param name="logProbs">Runs the model with gradients on and returns log pi(chosen) and log pi(rejected),
    /// each a tensor summed to a scalar.</param>
    /// <param name="parameterPrefix">Only parameters whose name starts with this; null for all.</param>
    public static PairEntanglement Measure(
        nn.Module model, Func<(Tensor Chosen, Tensor Rejected)> logProbs, string? parameterPrefix = null)
    {
        var parameters = SelectParameters(model, parameterPrefix);
        using var scope = torch.NewDisposeScope();
        using var _ = torch.enable_grad();

        // Two backward passes over one graph: keep it for the second.
        var (chosen, rejected) = logProbs();
        var gradChosen = torch.autograd.grad([chosen.sum()], parameters, retain_graph: true, allow_unused: true);
        var gradRejected = torch.autograd.grad([rejected.sum()], parameters, allow_unused: true);
        return FromGradients(gradChosen, gradRejected);
    }

    /// <summary>Reduces two lists of per-parameter gradients (any float dtype) in float64; missing ones are 0.
    /// </summary>
    public static PairEntanglement FromGradients(IList<Tensor?> gradChosen, IList<Tensor?> gradRejected)
    {
        if (gradChosen.Count != gradRejected.Count)
            throw new ArgumentException($"{gradChosen.Count} chosen and {gradRejected.Count} rejected gradients");
        using var scope = torch.NewDisposeScope();
        double inner = 0, chosenSq = 0, rejectedSq = 0;
        for (int i = 0; i < gradChosen.Count; i++)
        {
            var c = Defined(gradChosen[i]);
            var r = Defined(gradRejected[i]);
            if (c is not null)
                chosenSq += c.square().sum().item<double>();
            if (r is not null)
                rejectedSq += r.square().sum().item<double>();
            if (c is not null && r is not null)
                inner += (c * r).sum().item<double>();
        }
        return new PairEntanglement(inner, chosenSq, rejectedSq);
    }

    /// <summary>The share of pairs that fail the condition, and the means of the per-pair statistics.</summary>
    public static EntanglementSummary Summarise(IReadOnlyList<PairEntanglement> pairs)
    {
        if (pairs.Count == 0)
            throw new ArgumentException("no pairs to summarise");
        return new EntanglementSummary(
            pairs.Count,
            pairs.Average(p => p.Entangled ? 1.0 : 0.0),
            pairs.Average(p => p.ChosenRises ? 0.0 : 1.0),
            pairs.Average(p => p.InnerProduct),
            pairs.Average(p => p.Cosine),
            pairs.Average(p => p.ConditionRatio));
    }

    private static List<Tensor> SelectParameters(nn.Module model, string? prefix)
    {
        var named = model.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        var chosen = named
            .Where(p => prefix is null || p.name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(p => (Tensor)p.parameter).ToList();
        if (chosen.Count == 0)
            throw new PlumbException(
                $"no trainable parameter name starts with '{prefix}'; names begin like: "
                + string.Join(", ", named.Take(5).Select(p => p.name))
                + ". Pass one of these prefixes, or none for all parameters.");
        return chosen;
    }

    private static Tensor? Defined(Tensor? gradient) =>
        gradient is null || gradient.IsInvalid ? null : gradient.detach().to(ScalarType.Float64);
}
