using System.Text.RegularExpressions;
using Plumb.Diagnostics;

namespace Plumb.Tests.Diagnostics;

public sealed class HtmlReportTests
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void Should_embed_plots_and_tables_When_rendering_a_report()
    {
        // Given a CHES histogram, displacement curves and a table with a cell that needs escaping
        byte[] histogram = DiagnosticPlots.Histogram([0.1, 0.4, 0.35, 2.0, -1.0], "LN-CHES", "LN-CHES", bins: 5);
        var summaries = new[] { -0.1, -0.5, -1.2 }
            .Select(c => LikelihoodDisplacement.Compare([-10.0], [-12.0], [-10.0 + c], [-12.0 + 4 * c]))
            .ToList();
        byte[] curves = DiagnosticPlots.DisplacementCurves([0, 50, 100], summaries);
        var report = new HtmlReport("Plumb diagnostics")
            .AddHeading("CHES")
            .AddImage("LN-CHES histogram", histogram)
            .AddImage("Displacement", curves)
            .AddTable("Removed pairs", ["pair", "score"], [["#3", HtmlReport.Cell(0.25)], ["<b>", "1"]]);

        // When
        string html = report.Render();

        // Then both images are present as non-empty base64 PNGs, and the table has its rows, escaped
        var images = Regex.Matches(html, "src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");
        Assert.Equal(2, images.Count);
        foreach (Match m in images)
        {
            byte[] png = Convert.FromBase64String(m.Groups[1].Value);
            Assert.True(png.Length > 1000);
            Assert.Equal(PngSignature, png[..8]);
        }
        Assert.Equal(3, Regex.Matches(html, "<tr>").Count);
        Assert.Contains("<td>0.25</td>", html);
        Assert.Contains("<td>&lt;b&gt;</td>", html);
        Assert.StartsWith("<!DOCTYPE html>", html);
    }

    [Fact]
    public void Should_refuse_a_row_with_the_wrong_number_of_cells()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new HtmlReport("r").AddTable("t", ["a", "b"], [["1"]]));
        Assert.Contains("row 0 has 1 cells for 2 headers", error.Message);
    }
}
