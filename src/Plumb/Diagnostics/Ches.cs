using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Diagnostics;

/// <summary>
/// Centered hidden-embedding similarity of a preference pair, Razin et al. 2024 (arXiv 2410.08847, Def. 2-3).
/// </summary>
/// <remarks>
/// Each side is given as its final-layer hidden states (after the last norm) at the positions that predict its
/// response tokens: for a prompt of length P and a response of length R these are sequence positions
/// P-1 .. P+R-2, one per response token, so R counts an EOS token when the response ends with one.
/// All arithmetic is done in float64 whatever the input dtype.
/// </remarks>
public static class Ches
{
    /// <summary>Selects the R states [R, H] that predict the response tokens from a sequence's states [L, H].</summary>
    public static Tensor ResponseStates(Tensor sequenceStates, int promptLength, int responseLength)
    {
        if (sequenceStates.dim() != 2)
            throw new ArgumentException($"expected states [L, H], got [{string.Join(", ", sequenceStates.shape)}]");
        long length = sequenceStates.shape[0];
        if (promptLength < 1 || responseLength < 1 || promptLength + responseLength > length)
            throw new ArgumentException(
                $"prompt length {promptLength} and response length {responseLength} do not fit a sequence of "
                + $"{length} states; both must be at least 1 and sum to at most {length}.");
        return sequenceStates.narrow(0, promptLength - 1, responseLength);
    }

    /// <summary>Scores one pair from its response states [|y+|, H] and [|y-|, H], and optional token ids.</summary>
    public static PairSimilarity Score(
        Tensor chosenStates,
        Tensor rejectedStates,
        IReadOnlyList<long>? chosenIds = null,
        IReadOnlyList<long>? rejectedIds = null)
    {
        CheckStates(chosenStates, rejectedStates);
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();

        // S+ and S- are the sums of the states over each response.
        var chosen = chosenStates.detach().to(ScalarType.Float64);
        var rejected = rejectedStates.detach().to(ScalarType.Float64);
        var sumChosen = chosen.sum(dim: 0);
        var sumRejected = rejected.sum(dim: 0);
        double cross = sumChosen.dot(sumRejected).item<double>();
        double chosenNormSquared = sumChosen.dot(sumChosen).item<double>();
        double nc = chosen.shape[0];
        double nr = rejected.shape[0];

        double last = chosen[chosen.shape[0] - 1].dot(rejected[rejected.shape[0] - 1]).item<double>();
        double? edit = chosenIds is null || rejectedIds is null
            ? null
            : -TokenEditDistance.Normalised(chosenIds.ToArray(), rejectedIds.ToArray());
        return new PairSimilarity(
            Ches: cross - chosenNormSquared,
            LengthNormalisedChes: cross / (nc * nr) - chosenNormSquared / (nc * nc),
            LastHiddenInnerProduct: last,
            MinusNormalisedEditDistance: edit);
    }

    private static void CheckStates(Tensor chosen, Tensor rejected)
    {
        if (chosen.dim() != 2 || rejected.dim() != 2)
            throw new ArgumentException(
                $"expected response states [T, H]; got [{string.Join(", ", chosen.shape)}] and "
                + $"[{string.Join(", ", rejected.shape)}]");
        if (chosen.shape[1] != rejected.shape[1])
            throw new ArgumentException(
                $"chosen and rejected states differ in width: {chosen.shape[1]} and {rejected.shape[1]}");
        if (chosen.shape[0] == 0 || rejected.shape[0] == 0)
            throw new ArgumentException("a response has no states; CHES needs at least one token per response");
    }
}
