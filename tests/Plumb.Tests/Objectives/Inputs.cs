using Plumb.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Tests.Objectives;

/// <summary>Float64 inputs for objective tests and a tolerance-checked assertion.</summary>
internal static class Inputs
{
    public const double Tolerance = 1e-6;

    /// <summary>A float64 vector.</summary>
    public static Tensor V(params double[] values) => tensor(values, ScalarType.Float64);

    /// <summary>A float64 [rows, columns] matrix.</summary>
    public static Tensor M(double[,] values) => tensor(values, ScalarType.Float64);

    /// <summary>
    /// objectives.md's common inputs: pc=-10, pr=-12, rc=-11, rr=-11.5 (lc=1, lr=-0.5, h=1.5), with
    /// |y_w| = 5 and |y_l| = 10 tokens.
    /// </summary>
    public static PreferenceLogProbs Common(bool requiresGrad = false) => new()
    {
        PolicyChosen = V(-10.0).requires_grad_(requiresGrad),
        PolicyRejected = V(-12.0).requires_grad_(requiresGrad),
        ReferenceChosen = V(-11.0),
        ReferenceRejected = V(-11.5),
        ChosenLengths = V(5.0),
        RejectedLengths = V(10.0),
    };

    /// <summary>Pairs from (pc, pr, rc, rr) tuples, lengths 5 and 10.</summary>
    public static PreferenceLogProbs Pairs(params (double Pc, double Pr, double Rc, double Rr)[] rows) => new()
    {
        PolicyChosen = V(rows.Select(r => r.Pc).ToArray()),
        PolicyRejected = V(rows.Select(r => r.Pr).ToArray()),
        ReferenceChosen = V(rows.Select(r => r.Rc).ToArray()),
        ReferenceRejected = V(rows.Select(r => r.Rr).ToArray()),
        ChosenLengths = V(rows.Select(_ => 5.0).ToArray()),
        RejectedLengths = V(rows.Select(_ => 10.0).ToArray()),
    };

    /// <summary>The same pairs with chosen and rejected exchanged.</summary>
    public static PreferenceLogProbs Swapped(PreferenceLogProbs p) => p with
    {
        PolicyChosen = p.PolicyRejected,
        PolicyRejected = p.PolicyChosen,
        ReferenceChosen = p.ReferenceRejected,
        ReferenceRejected = p.ReferenceChosen,
        ChosenLengths = p.RejectedLengths,
        RejectedLengths = p.ChosenLengths,
    };

    public static void Close(double expected, Tensor actual) =>
        Assert.Equal(expected, actual.item<double>(), Tolerance);

    public static void Close(double[] expected, Tensor actual)
    {
        var values = actual.data<double>().ToArray();
        Assert.Equal(expected.Length, values.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], values[i], Tolerance);
    }

    /// <summary>d(mean loss)/d(policy chosen) and d/d(policy rejected) at the given inputs.</summary>
    public static (double Chosen, double Rejected) PolicyGradients(
        IPreferenceObjective objective, PreferenceLogProbs p)
    {
        var chosen = p.PolicyChosen.detach().clone().requires_grad_(true);
        var rejected = p.PolicyRejected.detach().clone().requires_grad_(true);
        var output = objective.Compute(p with { PolicyChosen = chosen, PolicyRejected = rejected },
            ObjectiveState.Initial);
        output.Losses.mean().backward();
        double gc = chosen.grad is { } a ? a.sum().item<double>() : 0.0;
        double gr = rejected.grad is { } b ? b.sum().item<double>() : 0.0;
        return (gc, gr);
    }
}
