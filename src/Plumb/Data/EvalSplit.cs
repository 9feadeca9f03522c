using System.Globalization;

namespace Plumb.Data;

/// <summary>How many examples to hold out for evaluation: a fraction in (0, 1) or a count.</summary>
public sealed record EvalSplit(double? Fraction, int? Count)
{
    /// <summary>No evaluation split.</summary>
    public static EvalSplit None { get; } = new(null, null);

    /// <summary>Parses "0.05" as a fraction and "500" as a count.</summary>
    public static EvalSplit Parse(string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int count))
            return new EvalSplit(null, count);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double f) && f is > 0 and < 1)
            return new EvalSplit(f, null);
        throw new PlumbException($"--eval-split: '{text}' is neither a fraction in (0, 1) nor a whole count; " +
            "write e.g. 0.05 or 500.");
    }

    /// <summary>The number of examples held out of <paramref name="total"/>.</summary>
    public int EvalCount(int total) =>
        Count is { } c ? Math.Min(c, total) : Fraction is { } f ? (int)Math.Round(total * f) : 0;
}
