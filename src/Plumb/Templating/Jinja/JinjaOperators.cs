namespace Plumb.Templating.Jinja;

/// <summary>Python's arithmetic and concatenation operators on template values.</summary>
internal static class JinjaOperators
{
    /// <summary>The longest string or list one operator may build, so a template cannot exhaust memory.</summary>
    // TODO(#3): this bounds each value, not their sum; a loop keeping many distinct huge strings in a namespace
    // could still exhaust memory before the step limit ends it.
    public const int MaxBuiltLength = 16_000_000;

    public static object? Binary(string op, object? a, object? b) => op switch
    {
        "+" => Add(a, b),
        "-" => Arithmetic(a, b, (x, y) => x - y, (x, y) => x - y),
        "*" => Multiply(a, b),
        "/" => JinjaPy.ToDouble(b) == 0 ? throw new JinjaError("division by zero.")
            : JinjaPy.ToDouble(a) / JinjaPy.ToDouble(b),
        "//" => FloorDivide(a, b),
        "%" => Modulo(a, b),
        "**" => Power(a, b),
        "~" => Checked(JinjaPy.Str(a) + JinjaPy.Str(b)),
        _ => throw new JinjaError($"unknown operator '{op}'."),
    };

    private static object? Add(object? a, object? b) => (a, b) switch
    {
        (string x, string y) => Checked(x + y),
        (List<object?> x, List<object?> y) => Checked([.. x, .. y]),
        _ when JinjaPy.IsNumber(a) && JinjaPy.IsNumber(b) => Arithmetic(a, b, (x, y) => x + y, (x, y) => x + y),
        _ => throw new JinjaError(
            $"unsupported operand types for +: '{JinjaPy.TypeName(a)}' and '{JinjaPy.TypeName(b)}'."),
    };

    private static object? Multiply(object? a, object? b)
    {
        if (a is long or bool && b is string or List<object?>) (a, b) = (b, a);
        return (a, b) switch
        {
            (string s, long or bool) => Checked(Repeat(s, Count(b, s.Length))),
            (List<object?> l, long or bool) =>
                Checked(Enumerable.Range(0, Count(b, l.Count)).SelectMany(_ => l).ToList()),
            _ => Arithmetic(a, b, (x, y) => x * y, (x, y) => x * y),
        };
    }

    private static int Count(object? times, int unit)
    {
        var n = Math.Max(0, (long)JinjaPy.ToDouble(times));
        if (n * Math.Max(unit, 1) > MaxBuiltLength)
            throw new JinjaError($"the result would exceed {MaxBuiltLength} elements.");
        return (int)n;
    }

    private static string Repeat(string s, int n) =>
        new System.Text.StringBuilder(s.Length * n).Insert(0, s, n).ToString();

    private static object? FloorDivide(object? a, object? b)
    {
        if (JinjaPy.ToDouble(b) == 0) throw new JinjaError("integer division or modulo by zero.");
        if (a is long or bool && b is long or bool)
            return (long)Math.Floor(JinjaPy.ToDouble(a) / JinjaPy.ToDouble(b));
        return Math.Floor(JinjaPy.ToDouble(a) / JinjaPy.ToDouble(b));
    }

    private static object? Modulo(object? a, object? b)
    {
        // TODO(#3): Python's printf-style "%s" % x formatting; no common chat template uses it.
        if (a is string) throw new JinjaError("printf-style string formatting with % is not supported; use ~.");
        if (JinjaPy.ToDouble(b) == 0) throw new JinjaError("integer division or modulo by zero.");
        if (a is long or bool && b is long or bool)
        {
            long x = (long)JinjaPy.ToDouble(a), y = (long)JinjaPy.ToDouble(b);
            var r = x % y;
            return r != 0 && (r < 0) != (y < 0) ? r + y : r;
        }
        double p = JinjaPy.ToDouble(a), q = JinjaPy.ToDouble(b);
        var m = p % q;
        return m != 0 && (m < 0) != (q < 0) ? m + q : m;
    }

    private static object? Power(object? a, object? b)
    {
        var result = Math.Pow(JinjaPy.ToDouble(a), JinjaPy.ToDouble(b));
        return a is long or bool && b is long or bool && JinjaPy.ToDouble(b) >= 0 && Math.Abs(result) < 9e18
            ? (object)(long)result : result;
    }

    private static object? Arithmetic(object? a, object? b, Func<long, long, long> onLong,
        Func<double, double, double> onDouble)
    {
        if (!JinjaPy.IsNumber(a) || !JinjaPy.IsNumber(b))
            throw new JinjaError(
                $"unsupported operand types: '{JinjaPy.TypeName(a)}' and '{JinjaPy.TypeName(b)}'.");
        if (a is long or bool && b is long or bool)
            return onLong((long)JinjaPy.ToDouble(a), (long)JinjaPy.ToDouble(b));
        return onDouble(JinjaPy.ToDouble(a), JinjaPy.ToDouble(b));
    }

    private static string Checked(string s) => s.Length > MaxBuiltLength
        ? throw new JinjaError($"the result would exceed {MaxBuiltLength} characters.") : s;

    private static List<object?> Checked(List<object?> l) => l.Count > MaxBuiltLength
        ? throw new JinjaError($"the result would exceed {MaxBuiltLength} elements.") : l;
}
