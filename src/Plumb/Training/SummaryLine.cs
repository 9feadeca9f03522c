using System.Globalization;
using System.Text;

namespace Plumb.Training;

/// <summary>
/// Formats one logged row as the line the CLI prints, e.g.
/// <c>step 120/1000 | loss 0.6712 | rewards/accuracies 0.66 | rewards/margins 0.31 | lr 4.8e-07 | 1.9k tok/s</c>.
/// </summary>
public static class SummaryLine
{
    /// <summary>The task metrics shown when present, in this order (preference losses, then reward models).
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultHighlights =
        ["rewards/accuracies", "rewards/margins", "accuracy", "margin"];

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Formats a training row; metrics missing from the row are skipped.</summary>
    public static string Format(MetricsRecord record, IReadOnlyList<string>? highlights = null)
    {
        var line = new StringBuilder($"step {record.Step}/{record.TotalSteps}");
        if (record.Get("loss") is { } loss)
            line.Append(" | loss ").Append(loss.ToString("F4", Inv));
        foreach (var key in highlights ?? DefaultHighlights)
        {
            if (record.Get(key) is { } value)
                line.Append(" | ").Append(key).Append(' ').Append(value.ToString("F2", Inv));
        }
        if (record.Get("learning_rate") is { } lr)
            line.Append(" | lr ").Append(lr.ToString("0.0e-00", Inv));
        if (record.Get("tokens_per_second") is { } rate)
            line.Append(" | ").Append(Compact(rate)).Append(" tok/s");
        return line.ToString();
    }

    /// <summary>Formats an evaluation row, e.g. <c>eval step 120/1000 | eval_loss 0.6931 | ...</c>.</summary>
    public static string FormatEval(MetricsRecord record, IReadOnlyList<string>? highlights = null)
    {
        var line = new StringBuilder($"eval step {record.Step}/{record.TotalSteps}");
        if (record.Get("eval_loss") is { } loss)
            line.Append(" | eval_loss ").Append(loss.ToString("F4", Inv));
        foreach (var key in (highlights ?? DefaultHighlights).Select(k => "eval_" + k))
        {
            if (record.Get(key) is { } value)
                line.Append(" | ").Append(key).Append(' ').Append(value.ToString("F2", Inv));
        }
        return line.ToString();
    }

    /// <summary>1900 → "1.9k", 2500000 → "2.5M", 950 → "950".</summary>
    public static string Compact(double value) => Math.Abs(value) switch
    {
        >= 1e6 => (value / 1e6).ToString("0.0", Inv) + "M",
        >= 1e3 => (value / 1e3).ToString("0.0", Inv) + "k",
        _ => value.ToString("0", Inv),
    };
}
