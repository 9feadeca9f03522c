using System.Globalization;
using Spectre.Console;

namespace Plumb.Cli.Commands;

/// <summary>Plain-text Spectre tables and number formatting shared by the diagnostics commands.</summary>
internal static class CliTables
{
    /// <summary>The quantiles the summary tables show, as fractions.</summary>
    public static readonly double[] Quantiles = [0, 0.05, 0.25, 0.5, 0.75, 0.95, 1];

    /// <summary>A console that writes plain text (no colour, no ANSI) to <paramref name="writer"/>.</summary>
    public static IAnsiConsole Console(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        // Redirected output has no width; wide enough that tables of numbers do not wrap.
        console.Profile.Width = 140;
        return console;
    }

    /// <summary>One row per named series: its count and quantiles (min, p5, p25, p50, p75, p95, max).</summary>
    public static Table QuantileTable(string what, IEnumerable<(string Name, IReadOnlyList<double> Values)> series)
    {
        var table = new Table().AddColumn(what).AddColumn(new TableColumn("n").RightAligned());
        foreach (string q in new[] { "min", "p5", "p25", "p50", "p75", "p95", "max" })
            table.AddColumn(new TableColumn(q).RightAligned());
        foreach (var (name, values) in series)
        {
            var sorted = values.Where(double.IsFinite).Order().ToArray();
            var cells = new List<string> { name, sorted.Length.ToString(CultureInfo.InvariantCulture) };
            cells.AddRange(Quantiles.Select(q => sorted.Length == 0 ? "n/a" : Short(Quantile(sorted, q))));
            table.AddRow(cells.ToArray());
        }
        return table;
    }

    /// <summary>The q-quantile of ascending values with linear interpolation between order statistics.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        double position = q * (sorted.Count - 1);
        int low = (int)Math.Floor(position);
        int high = Math.Min(sorted.Count - 1, low + 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }

    /// <summary>A number with four significant digits, invariant culture, for dense tables.</summary>
    public static string Short(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>A number with six significant digits, invariant culture.</summary>
    public static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
