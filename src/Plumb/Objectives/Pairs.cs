using static TorchSharp.torch;

namespace Plumb.Objectives;

/// <summary>The arithmetic paired objectives share: log-ratios, f-scores and TRL-style rewards.</summary>
internal static class Pairs
{
    /// <summary>Log-ratios and f-scores, or an error naming the objective when the reference is missing.</summary>
    public static PairTerms Terms(PreferenceLogProbs p, FDivergence divergence, string objective)
    {
        CheckShapes(p);
        var (refChosen, refRejected) = p.ReferenceFor(objective);
        var chosen = p.PolicyChosen - refChosen;
        var rejected = p.PolicyRejected - refRejected;
        return new PairTerms(chosen, rejected, divergence.Score(chosen), divergence.Score(rejected));
    }

    /// <summary>TRL's rewards, <c>beta * log-ratio</c> detached, whatever the loss or divergence.</summary>
    public static ObjectiveOutput Output(Tensor losses, double beta, PairTerms terms, ObjectiveState state) =>
        new(losses, (beta * terms.ChosenRatio).detach(), (beta * terms.RejectedRatio).detach()) { State = state };

    /// <summary>Reference-free rewards: <c>beta</c> times the given policy log-probs, detached.</summary>
    public static ObjectiveOutput Output(Tensor losses, double beta, Tensor chosen, Tensor rejected,
        ObjectiveState state) =>
        new(losses, (beta * chosen).detach(), (beta * rejected).detach()) { State = state };

    /// <summary>Label-smoothed logistic loss, <c>-(1-eps) logsig(z) - eps logsig(-z)</c>.</summary>
    public static Tensor SmoothedLogistic(Tensor z, double epsilon) => epsilon == 0.0
        ? -nn.functional.logsigmoid(z)
        : -(1.0 - epsilon) * nn.functional.logsigmoid(z) - epsilon * nn.functional.logsigmoid(-z);

    /// <summary>Checks that the summed log-probs are matching vectors; a mismatch is a caller bug.</summary>
    public static void CheckShapes(PreferenceLogProbs p)
    {
        if (p.PolicyChosen.dim() == 1 && p.PolicyChosen.shape.SequenceEqual(p.PolicyRejected.shape)) return;
        throw new ArgumentException(
            "Summed log-probs must be [B] vectors of equal length; got chosen "
            + $"[{string.Join(",", p.PolicyChosen.shape)}] and rejected [{string.Join(",", p.PolicyRejected.shape)}].");
    }
}
