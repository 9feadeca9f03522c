using System.Globalization;
using System.Text;

namespace Plumb.Templating.Jinja;

/// <summary>Python's semantics for truth, str(), repr(), equality and ordering, as jinja2 inherits them.</summary>
internal static class JinjaPy
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static bool Truthy(object? v) => v switch
    {
        null or Undefined => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        List<object?> l => l.Count > 0,
        Dictionary<string, object?> d => d.Count > 0,
        _ => true,
    };

    /// <summary>Python's str(): what <c>{{ value }}</c> prints.</summary>
    public static string Str(object? v) => v switch
    {
        string s => s,
        Undefined => "",
        _ => Repr(v),
    };

    public static string Repr(object? v)
    {
        var sb = new StringBuilder();
        AppendRepr(sb, v);
        return sb.ToString();
    }

    private static void AppendRepr(StringBuilder sb, object? v)
    {
        switch (v)
        {
            case null: sb.Append("None"); break;
            case Undefined: break;
            case bool b: sb.Append(b ? "True" : "False"); break;
            case long l: sb.Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case double d: sb.Append(FormatFloat(d)); break;
            case string s: AppendStringRepr(sb, s); break;
            case List<object?> list:
                var tuple = list is PyTuple;
                sb.Append(tuple ? '(' : '[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    AppendRepr(sb, list[i]);
                }
                sb.Append(tuple ? (list.Count == 1 ? ",)" : ")") : "]");
                break;
            case Dictionary<string, object?> dict:
                sb.Append('{');
                var first = true;
                foreach (var (key, value) in dict)
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    AppendStringRepr(sb, key);
                    sb.Append(": ");
                    AppendRepr(sb, value);
                }
                sb.Append('}');
                break;
            case Namespace: sb.Append("<Namespace>"); break;
            default: sb.Append('<').Append(TypeName(v)).Append('>'); break;
        }
    }

    private static void AppendStringRepr(StringBuilder sb, string s)
    {
        var quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        sb.Append(quote);
        foreach (var c in s)
        {
            if (c == quote || c == '\\') sb.Append('\\').Append(c);
            else if (c == '\n') sb.Append("\\n");
            else if (c == '\r') sb.Append("\\r");
            else if (c == '\t') sb.Append("\\t");
            else if (c < 0x20 || c == 0x7f) sb.Append("\\x").Append(((int)c).ToString("x2", Inv));
            else sb.Append(c);
        }
        sb.Append(quote);
    }

    /// <summary>Python's repr() of a float: shortest round-trip digits, exponent form outside 1e-4..1e16.</summary>
    public static string FormatFloat(double d)
    {
        if (double.IsNaN(d)) return "nan";
        if (double.IsInfinity(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return double.IsNegative(d) ? "-0.0" : "0.0";
        var shortest = d.ToString("R", CultureInfo.InvariantCulture);
        // Digits and decimal exponent of the shortest representation.
        var (digits, exponent) = SplitDigits(shortest);
        var sign = d < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16)
        {
            var mantissa = digits.Length > 1 ? digits[0] + "." + digits[1..] : digits;
            var exp = exponent < 0 ? "-" + (-exponent).ToString("00", CultureInfo.InvariantCulture)
                : "+" + exponent.ToString("00", CultureInfo.InvariantCulture);
            return sign + mantissa + "e" + exp;
        }
        if (exponent < 0) return sign + "0." + new string('0', -exponent - 1) + digits;
        if (digits.Length <= exponent + 1) return sign + digits + new string('0', exponent + 1 - digits.Length) + ".0";
        return sign + digits[..(exponent + 1)] + "." + digits[(exponent + 1)..];
    }

    // "1.25E-05" or "-123.5" -> ("125", -5) or ("1235", 2): significant digits and the first digit's power of 10.
    private static (string Digits, int Exponent) SplitDigits(string text)
    {
        text = text.TrimStart('-');
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var dot = text.IndexOf('.');
        var intPart = dot < 0 ? text : text[..dot];
        var fracPart = dot < 0 ? "" : text[(dot + 1)..];
        var all = intPart + fracPart;
        var lead = 0;
        while (lead < all.Length - 1 && all[lead] == '0') lead++;
        exponent += intPart.Length - 1 - lead;
        var digits = all[lead..].TrimEnd('0');
        return (digits.Length == 0 ? "0" : digits, exponent);
    }

    public static string TypeName(object? v) => v switch
    {
        null => "NoneType",
        Undefined => "undefined",
        bool => "bool",
        long => "int",
        double => "float",
        string => "str",
        PyTuple => "tuple",
        List<object?> => "list",
        Dictionary<string, object?> => "dict",
        Namespace => "namespace",
        JinjaFunction or BoundMethod => "function",
        LoopInfo => "loop",
        _ => v.GetType().Name,
    };

    public static bool IsNumber(object? v) => v is long or double or bool;

    public static double ToDouble(object? v) => v switch
    {
        long l => l,
        double d => d,
        bool b => b ? 1 : 0,
        _ => throw new JinjaError($"expected a number but got {TypeName(v)}."),
    };

    public static new bool Equals(object? a, object? b)
    {
        if (a is bool ba) a = ba ? 1L : 0L;
        if (b is bool bb) b = bb ? 1L : 0L;
        return (a, b) switch
        {
            (null, null) => true,
            (Undefined, Undefined) => true,
            (long x, long y) => x == y,
            (long or double, long or double) => ToDouble(a) == ToDouble(b),
            (string x, string y) => x == y,
            (List<object?> x, List<object?> y) => x.Count == y.Count && x.Zip(y).All(p => Equals(p.First, p.Second)),
            (Dictionary<string, object?> x, Dictionary<string, object?> y) =>
                x.Count == y.Count && x.All(kv => y.TryGetValue(kv.Key, out var o) && Equals(kv.Value, o)),
            _ => ReferenceEquals(a, b),
        };
    }

    /// <summary>Python ordering of numbers, strings and lists; other pairs raise as Python does.</summary>
    public static int Compare(object? a, object? b)
    {
        if (IsNumber(a) && IsNumber(b))
            return a is long x && b is long y ? x.CompareTo(y) : ToDouble(a).CompareTo(ToDouble(b));
        if (a is string sa && b is string sb) return Math.Sign(string.CompareOrdinal(sa, sb));
        if (a is List<object?> la && b is List<object?> lb)
        {
            for (var i = 0; i < Math.Min(la.Count, lb.Count); i++)
            {
                var c = Compare(la[i], lb[i]);
                if (c != 0) return c;
            }
            return la.Count.CompareTo(lb.Count);
        }
        throw new JinjaError($"cannot compare {TypeName(a)} with {TypeName(b)}.");
    }

    /// <summary>The items a for loop visits: list elements, dict keys, string characters.</summary>
    public static List<object?> Iterate(object? v) => v switch
    {
        List<object?> l => l,
        Dictionary<string, object?> d => [.. d.Keys],
        string s => [.. StringElements(s)],
        null => throw new JinjaError("'NoneType' object is not iterable."),
        Undefined => [],
        _ => throw new JinjaError($"'{TypeName(v)}' object is not iterable."),
    };

    private static IEnumerable<object?> StringElements(string s)
    {
        for (var i = 0; i < s.Length; i++)
            yield return char.IsSurrogatePair(s, i) ? s.Substring(i++, 2) : s[i].ToString();
    }

    public static long Length(object? v) => v switch
    {
        string s => s.EnumerateRunes().Count(),
        List<object?> l => l.Count,
        Dictionary<string, object?> d => d.Count,
        Undefined => 0,
        _ => throw new JinjaError($"object of type '{TypeName(v)}' has no len()."),
    };

    public static bool Contains(object? container, object? item) => container switch
    {
        string s when item is string sub => s.Contains(sub, StringComparison.Ordinal),
        string => throw new JinjaError($"'in <string>' requires string as left operand, not {TypeName(item)}."),
        List<object?> l => l.Any(x => Equals(x, item)),
        Dictionary<string, object?> d => item is string k && d.ContainsKey(k),
        Undefined => false,
        _ => throw new JinjaError($"argument of type '{TypeName(container)}' is not iterable."),
    };
}
