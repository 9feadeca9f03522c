using Plumb.Diagnostics;
using TorchSharp;

namespace Plumb.Tests.Diagnostics;

public sealed class PreferenceCalibrationTests
{
    // p:    0.92  0.85  0.25  0.50  0.97  0.62
    // conf: 0.92  0.85  0.75  0.50  0.97  0.62   (max(p, 1 - p))
    // bin:  9     8     7     5     9     6      (floor(10 conf))
    // right: yes  yes   no    yes   yes   yes    (chosen preferred; p >= 0.5 predicts chosen)
    private static readonly double[] Probabilities = [0.92, 0.85, 0.25, 0.50, 0.97, 0.62];

    [Fact]
    public void Should_match_hand_worked_top_label_ece()
    {
        var report = PreferenceCalibration.FromProbabilities(Probabilities);

        // Bins 5..8 hold one pair each: |1-.50| + |1-.62| + |0-.75| + |1-.85| = 1.78, each weighted 1/6;
        // bin 9 holds two: mean conf .945, accuracy 1, gap .055 weighted 2/6.
        // ECE = 1.78/6 + 0.11/6 = 0.315
        Assert.Equal(0.315, report.ExpectedCalibrationError, 12);
        Assert.Equal(10, report.Bins.Count);
        Assert.Equal(2, report.Bins[9].Count);
        Assert.Equal(0.945, report.Bins[9].MeanConfidence, 12);
        Assert.Equal(0, report.Bins[2].Count);
    }

    [Fact]
    public void Should_use_labels_When_the_chosen_side_is_not_always_preferred()
    {
        // Pair 2 is now labelled "rejected preferred": its prediction p = 0.25 < 0.5 becomes right,
        // so bin 7 contributes |1 - .75| = .25 instead of .75: ECE = (.5 + .38 + .25 + .15 + .11) / 6
        var labels = new[] { true, true, false, true, true, true };

        var report = PreferenceCalibration.FromProbabilities(Probabilities, chosenIsPreferred: labels);

        Assert.Equal(1.39 / 6, report.ExpectedCalibrationError, 12);
    }

    [Fact]
    public void Should_turn_margins_into_probabilities_with_beta()
    {
        // beta 0.1: h = 10 ln 3 gives p = 0.75 (right), h = -10 ln 3 gives p = 0.25 (wrong, conf 0.75).
        // One bin, mean confidence 0.75, accuracy 0.5: ECE = 0.25
        double h = 10 * Math.Log(3);
        using var margins = torch.tensor(new[] { h, -h }).to(torch.float32);

        var report = PreferenceCalibration.EvaluateTensor(margins, beta: 0.1);

        Assert.Equal(0.25, report.ExpectedCalibrationError, 6);
        Assert.Equal(2, report.Bins[7].Count);
    }
}
