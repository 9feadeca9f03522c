using System.Text.RegularExpressions;
using Plumb.Diagnostics;

namespace Plumb.Tests.Diagnostics;

public sealed class ReportSectionsTests
{
    [Fact]
    public void Should_lay_out_every_diagnostic_When_all_sections_are_added()
    {
        // Given results of each diagnostic on a handful of pairs
        PairSimilarity[] ches = [new(2, 0.17, 0, -0.5), new(-6, -0.44, 1, null), new(9, 1.5, 2, -0.1)];
        var filter = new ChesFilter(new ChesFilterOptions { KeepFraction = 0.34 }).Apply(ches);
        var summaries = new[] { -0.2, -0.9 }
            .Select(c => LikelihoodDisplacement.Compare([-10.0, -8], [-12.0, -9], [-10 + c, -8 + c], [-13.0, -11]))
            .ToList();
        var ranking = RankingAccuracy.Evaluate([new(-19, -18.5, -20, -18, 0.75), new(-10, -12, -11, -11.5)], 0.1);
        var entanglement = GradientEntanglement.Summarise([new(2.0, 1.0, 4.25), new(0.5, 1.0, 2.0)]);
        var calibration = PreferenceCalibration.FromProbabilities([0.92, 0.25, 0.62]);

        // When
        string html = new HtmlReport("Plumb diagnostics")
            .AddChes(ches, filter)
            .AddDisplacement([50, 100], summaries)
            .AddRanking(ranking)
            .AddEntanglement(entanglement)
            .AddCalibration(calibration)
            .Render();

        // Then: five sections, two plots, and tables whose rows carry the numbers
        Assert.Equal(5, Regex.Matches(html, "<h2>").Count);
        Assert.Equal(2, Regex.Matches(html, "data:image/png;base64,").Count);
        Assert.Contains("kept 2 of 3 pairs and removed 1", html);
        Assert.Contains("<td>2</td><td>9</td><td>1.5</td>", html);
        Assert.Contains("fell for 100.0% of probe pairs", html);
        Assert.Contains("<td>0.1</td><td>0.5</td><td>1</td><td>0.5</td>", html);
        Assert.Contains("<td>0.5</td><td>0.5</td><td>1.25</td>", html);
        Assert.Contains("<td>[0.9, 1.0)</td><td>1</td><td>0.920</td><td>1.000</td>", html);
    }

    [Fact]
    public void Should_warn_from_tensors_like_from_lists()
    {
        var monitor = new DisplacementMonitor([-10.0, -20], [-12.0, -22]);
        using var chosen = TorchSharp.torch.tensor(new[] { -11f, -19.5f });
        using var rejected = TorchSharp.torch.tensor(new[] { -15f, -25f });

        Assert.NotNull(monitor.ObserveTensors(3, chosen, rejected));
    }
}
