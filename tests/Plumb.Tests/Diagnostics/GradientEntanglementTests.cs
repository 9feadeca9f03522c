using Plumb.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Tests.Diagnostics;

public sealed class GradientEntanglementTests
{
    private static readonly long[] Prompt = [1, 2];
    private static readonly long[] Chosen = [3, 4, 0];
    private static readonly long[] Rejected = [3, 5, 0];

    [Fact]
    public void Should_match_the_worked_example_When_given_gradients()
    {
        // g_c = (1, 0), g_r = (2, 0.5): <g_c,g_r> = 2, |g_c|^2 = 1, |g_r|^2 = 4.25.
        // d log pi_c / C = 1 - 2 = -1 (chosen falls), d log pi_r / C = 2 - 4.25 = -2.25 (rejected falls).
        // Ratio 2 / min(1, 4.25) = 2; cosine 2 / sqrt(4.25) = 0.970143.
        using var gc = torch.tensor(new[] { 1.0, 0.0 });
        using var gr = torch.tensor(new[] { 2.0, 0.5 });

        var e = GradientEntanglement.FromGradients([gc], [gr]);

        Assert.Equal(2.0, e.InnerProduct, 12);
        Assert.Equal(2.0, e.ConditionRatio, 12);
        Assert.Equal(0.970143, e.Cosine, 6);
        Assert.False(e.ChosenRises);
        Assert.True(e.RejectedFalls);
        Assert.True(e.Entangled);
    }

    [Fact]
    public void Should_match_a_finite_difference_When_measuring_a_tiny_model()
    {
        // Given a float64 model and the pair's log-prob functions
        using var model = new TinyLM();
        Func<(Tensor, Tensor)> logProbs = () =>
            (model.SequenceLogProb(Prompt, Chosen), model.SequenceLogProb(Prompt, Rejected));

        // When measured over all parameters
        var e = GradientEntanglement.Measure(model, logProbs);

        // Then moving the parameters by +-eps along g_r changes log pi(chosen) by eps <g_c, g_r>
        // (central difference, error O(eps^2)), and along g_c by eps |g_c|^2
        var gRejected = Gradients(model, () => model.SequenceLogProb(Prompt, Rejected), null);
        var gChosen = Gradients(model, () => model.SequenceLogProb(Prompt, Chosen), null);
        double alongRejected = CentralDifference(model, gRejected, () => model.SequenceLogProb(Prompt, Chosen));
        double alongChosen = CentralDifference(model, gChosen, () => model.SequenceLogProb(Prompt, Chosen));
        Assert.Equal(alongRejected, e.InnerProduct, 6);
        Assert.Equal(alongChosen, e.ChosenNormSquared, 6);
        // and the check is not vacuous: the inner product here is about 1.18
        Assert.True(Math.Abs(e.InnerProduct) > 0.1);
    }

    [Fact]
    public void Should_predict_the_first_order_change_of_one_dpo_step()
    {
        // Given the reference = the model at step 0, so h = 0 and C = lr * beta * sigmoid(0) = lr * 0.05
        using var model = new TinyLM(seed: 3);
        const double beta = 0.1, lr = 1e-3;
        double rc, rr;
        using (torch.no_grad())
        {
            rc = model.SequenceLogProb(Prompt, Chosen).item<double>();
            rr = model.SequenceLogProb(Prompt, Rejected).item<double>();
        }
        var e = GradientEntanglement.Measure(model,
            () => (model.SequenceLogProb(Prompt, Chosen), model.SequenceLogProb(Prompt, Rejected)));

        // When one plain SGD step is taken on the DPO loss -logsig(beta * ((pc - rc) - (pr - rr)))
        using var optimizer = torch.optim.SGD(model.parameters(), lr);
        var margin = model.SequenceLogProb(Prompt, Chosen) - rc - (model.SequenceLogProb(Prompt, Rejected) - rr);
        (-torch.nn.functional.logsigmoid(beta * margin)).backward();
        optimizer.step();

        // Then d log pi_c ~ C (|g_c|^2 - <g_c,g_r>) and d log pi_r ~ C (<g_c,g_r> - |g_r|^2), Yuan et al. Eq. 4-5
        double c = lr * beta * 0.5;
        using var _ = torch.no_grad();
        double dChosen = model.SequenceLogProb(Prompt, Chosen).item<double>() - rc;
        double dRejected = model.SequenceLogProb(Prompt, Rejected).item<double>() - rr;
        double predictedChosen = c * (e.ChosenNormSquared - e.InnerProduct);
        double predictedRejected = c * (e.InnerProduct - e.RejectedNormSquared);
        Assert.Equal(predictedChosen, dChosen, Math.Abs(predictedChosen) * 0.01);
        Assert.Equal(predictedRejected, dRejected, Math.Abs(predictedRejected) * 0.01);
        Assert.Equal(e.ChosenRises, dChosen > 0);
        // Here both move the right way (about +1.8e-4 and -1.5e-4), far above the 1% tolerance
        Assert.True(predictedChosen > 1e-5 && predictedRejected < -1e-5);
    }

    [Fact]
    public void Should_use_only_named_parameters_and_leave_grads_alone_When_given_a_prefix()
    {
        using var model = new TinyLM();
        Func<(Tensor, Tensor)> logProbs = () =>
            (model.SequenceLogProb(Prompt, Chosen), model.SequenceLogProb(Prompt, Rejected));

        var head = GradientEntanglement.Measure(model, logProbs, parameterPrefix: "head.");
        var all = GradientEntanglement.Measure(model, logProbs);

        // Then the head-only inner product equals a finite difference that moves only the head
        var gRejected = Gradients(model, () => model.SequenceLogProb(Prompt, Rejected), "head.");
        double expected = CentralDifference(model, gRejected, () => model.SequenceLogProb(Prompt, Chosen));
        Assert.Equal(expected, head.InnerProduct, 6);
        Assert.True(head.ChosenNormSquared < all.ChosenNormSquared);
        Assert.All(model.parameters(), p => Assert.True(p.grad is null || p.grad.IsInvalid));
    }

    [Fact]
    public void Should_name_existing_parameters_When_the_prefix_matches_nothing()
    {
        using var model = new TinyLM();
        var error = Assert.Throws<PlumbException>(() => GradientEntanglement.Measure(
            model, () => (model.SequenceLogProb(Prompt, Chosen), model.SequenceLogProb(Prompt, Rejected)), "lora"));
        Assert.Contains("embed.weight", error.Message);
    }

    [Fact]
    public void Should_give_the_share_of_entangled_pairs_When_summarising()
    {
        // Pair 0 is entangled (ratio 2), pair 1 is not: <g_c,g_r> = 0.5 < min(1, 2)
        PairEntanglement[] pairs = [new(2.0, 1.0, 4.25), new(0.5, 1.0, 2.0)];

        var summary = GradientEntanglement.Summarise(pairs);

        Assert.Equal(0.5, summary.EntangledShare, 12);
        Assert.Equal(0.5, summary.ChosenFallsShare, 12);
        Assert.Equal(1.25, summary.MeanInnerProduct, 12);
        Assert.Equal((2.0 + 0.5) / 2, summary.MeanConditionRatio, 12);
    }

    private static Dictionary<string, Tensor> Gradients(TinyLM model, Func<Tensor> f, string? prefix)
    {
        // An independent route to the gradient: backward() into .grad, then copy and clear.
        model.zero_grad();
        f().backward();
        var result = model.named_parameters()
            .Where(p => prefix is null || p.name.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(p => p.name, p => p.parameter.grad!.detach().clone());
        foreach (var p in model.parameters())
            p.grad = null;
        return result;
    }

    private static double CentralDifference(TinyLM model, Dictionary<string, Tensor> direction, Func<Tensor> f)
    {
        const double eps = 1e-5;
        using var _ = torch.no_grad();
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        void Shift(double by)
        {
            foreach (var (name, d) in direction)
                parameters[name].add_(d * by);
        }
        Shift(eps);
        double plus = f().item<double>();
        Shift(-2 * eps);
        double minus = f().item<double>();
        Shift(eps);
        return (plus - minus) / (2 * eps);
    }
}
