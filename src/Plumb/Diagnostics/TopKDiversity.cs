using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Diagnostics;

/// <summary>Top-k entropy (bits) and top-k probability mass averaged over positions, then over prompts.</summary>
public sealed record TopKStatistics(double EntropyBits, double Mass);

/// <summary>
/// Over-optimisation indicators of Shi et al. 2024 (arXiv 2410.11677, Sec. 4): entropy over the k most probable
/// next tokens and their total probability mass.
/// </summary>
/// <remarks>
/// Entropy is in bits. By default the top-k probabilities are renormalised to sum to 1 before the entropy, as
/// the paper's "distribution over the top k tokens" implies; <c>renormalise: false</c> gives the raw partial sum
/// of its printed formula. The mass is never renormalised. The softmax runs in the logits' dtype; everything
/// after the top-k selection runs in float64.
/// </remarks>
public static class TopKDiversity
{
    /// <summary>The k the paper uses.</summary>
    public const int DefaultK = 10;

    /// <summary>Top-k entropy in bits at every position of logits [..., V]; returns [...].</summary>
    public static Tensor EntropyBits(Tensor logits, int k = DefaultK, bool renormalise = true)
    {
        using var scope = torch.NewDisposeScope();
        var top = TopProbabilities(logits, k);
        var p = renormalise ? top / top.sum(-1, keepdim: true) : top;
        // 0 log 0 = 0: clamping keeps the log finite where p underflows.
        var entropy = -(p * p.clamp_min(1e-300).log2()).sum(-1);
        return entropy.MoveToOuterDisposeScope();
    }

    /// <summary>Top-k probability mass at every position of logits [..., V]; returns [...].</summary>
    public static Tensor Mass(Tensor logits, int k = DefaultK)
    {
        using var scope = torch.NewDisposeScope();
        return TopProbabilities(logits, k).sum(-1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Averages both measures over the positions where <paramref name="mask"/> is true, per prompt, then over
    /// prompts; logits are [T, V] for one prompt or [B, T, V], mask [T] or [B, T] (null means every position).
    /// </summary>
    public static TopKStatistics Measure(Tensor logits, Tensor? mask = null, int k = DefaultK, bool renormalise = true)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var batched = logits.dim() == 2 ? logits.unsqueeze(0) : logits;
        if (batched.dim() != 3)
            throw new ArgumentException($"expected logits [T, V] or [B, T, V]; got {batched.dim()} dimensions");
        var m = mask is null
            ? torch.ones(batched.shape[0], batched.shape[1], dtype: ScalarType.Float64, device: logits.device)
            : (mask.dim() == 1 ? mask.unsqueeze(0) : mask).to(ScalarType.Float64);
        var counts = m.sum(-1);
        if ((counts == 0).any().item<bool>())
            throw new ArgumentException("a prompt has no positions under the mask; give each at least one");

        double entropy = PromptMean(EntropyBits(batched.detach(), k, renormalise), m, counts);
        double mass = PromptMean(Mass(batched.detach(), k), m, counts);
        return new TopKStatistics(entropy, mass);
    }

    private static double PromptMean(Tensor values, Tensor mask, Tensor counts) =>
        ((values * mask).sum(-1) / counts).mean().item<double>();

    private static Tensor TopProbabilities(Tensor logits, int k)
    {
        long vocab = logits.shape[^1];
        if (k < 1 || k > vocab)
            throw new ArgumentOutOfRangeException(nameof(k), $"k = {k} must lie in [1, {vocab}]");
        // Normalise in the input dtype (a float64 copy of [B, T, V] logits would be large), then widen only
        // the k kept log-probs.
        var logProbs = logits.detach().log_softmax(-1);
        return logProbs.topk(k, dim: -1).values.to(ScalarType.Float64).exp();
    }
}
