using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Diagnostics;

/// <summary>
/// Calibration of the implicit reward's preference probability p = sigmoid(Beta * Margin) on held-out pairs,
/// as top-label expected calibration error (Guo et al. 2017, arXiv 1706.04599).
/// </summary>
/// <remarks>
/// Per pair the model predicts "chosen is preferred" when p &gt;= 0.5, with confidence max(p, 1 - p); the
/// prediction is correct when it matches the label (chosen is preferred unless a label says otherwise).
/// Confidences go into equal-width bins over [0, 1], bin b holding [b/B, (b+1)/B) and the last bin also 1.0,
/// so bins below 0.5 stay empty. ECE = sum over bins of (count / N) * |accuracy - mean confidence|.
/// </remarks>
public static class PreferenceCalibration
{
    /// <summary>ECE from DPO margins h = (pc - rc) - (pr - rr), one per held-out pair.</summary>
    public static CalibrationReport Evaluate(IReadOnlyList<double> margins, double beta, int bins = 10,
        IReadOnlyList<bool>? chosenIsPreferred = null)
    {
        if (!(beta > 0))
            throw new ArgumentException($"beta {beta} must be positive");
        var probabilities = margins.Select(h => Sigmoid(beta * h)).ToList();
        return FromProbabilities(probabilities, bins, chosenIsPreferred);
    }

    /// <summary>Tensor form of <see cref="Evaluate"/>: margins as a 1-D tensor of any float dtype.</summary>
    public static CalibrationReport EvaluateTensor(Tensor margins, double beta, int bins = 10) =>
        Evaluate(LikelihoodDisplacement.ToDoubles(margins), beta, bins);

    /// <summary>ECE from predicted probabilities that the chosen response is preferred.</summary>
    public static CalibrationReport FromProbabilities(IReadOnlyList<double> probabilities, int bins = 10,
        IReadOnlyList<bool>? chosenIsPreferred = null)
    {
        if (bins < 1)
            throw new ArgumentOutOfRangeException(nameof(bins), $"{bins} bins; use at least 1");
        if (probabilities.Count == 0)
            throw new ArgumentException("no pairs to calibrate");
        if (chosenIsPreferred is not null && chosenIsPreferred.Count != probabilities.Count)
            throw new ArgumentException(
                $"{chosenIsPreferred.Count} labels for {probabilities.Count} pairs; pass one label per pair");

        var count = new int[bins];
        var confidence = new double[bins];
        var correct = new double[bins];
        for (int i = 0; i < probabilities.Count; i++)
        {
            double p = probabilities[i];
            double top = Math.Max(p, 1 - p);
            bool label = chosenIsPreferred?[i] ?? true;
            int b = Math.Min(bins - 1, (int)Math.Floor(top * bins));
            count[b]++;
            confidence[b] += top;
            correct[b] += (p >= 0.5) == label ? 1 : 0;
        }
        return Report(count, confidence, correct, probabilities.Count);
    }

    private static CalibrationReport Report(int[] count, double[] confidence, double[] correct, int n)
    {
        int bins = count.Length;
        double ece = 0;
        var rows = new CalibrationBin[bins];
        for (int b = 0; b < bins; b++)
        {
            double meanConfidence = count[b] == 0 ? 0 : confidence[b] / count[b];
            double accuracy = count[b] == 0 ? 0 : correct[b] / count[b];
            rows[b] = new CalibrationBin((double)b / bins, (double)(b + 1) / bins, count[b], meanConfidence, accuracy);
            ece += (double)count[b] / n * Math.Abs(accuracy - meanConfidence);
        }
        return new CalibrationReport(ece, rows);
    }

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}
