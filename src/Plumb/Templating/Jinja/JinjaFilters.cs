using System.Globalization;

namespace Plumb.Templating.Jinja;

/// <summary>The filters templates apply with <c>|</c>, with jinja2's argument names and defaults.</summary>
internal static class JinjaFilters
{
    private static readonly HashSet<string> Names =
    [
        "trim", "tojson", "length", "count", "lower", "upper", "capitalize", "title", "string", "safe", "e",
        "escape", "default", "d", "join", "list", "first", "last", "reverse", "unique", "sort", "map", "select",
        "reject", "selectattr", "rejectattr", "replace", "int", "float", "abs", "round", "sum", "max", "min",
        "items", "dictsort", "indent", "wordcount",
    ];

    /// <summary>True when a filter of that name exists; the parser checks names as jinja2's compiler does.</summary>
    public static bool Exists(string name) => Names.Contains(name);

    public static object? Apply(string name, object? v, CallArgs a) => name switch
    {
        "trim" => JinjaMethods.Strip(JinjaPy.Str(v), a.Get(0, "chars"), true, true),
        "tojson" => JinjaJson.Dumps(v, a.Get(0, "indent") is long n ? (int)n : null,
            JinjaPy.Truthy(a.Get(-1, "sort_keys"))),
        "length" or "count" => JinjaPy.Length(v),
        "lower" => JinjaPy.Str(v).ToLowerInvariant(),
        "upper" => JinjaMethods.Upper(JinjaPy.Str(v)),
        "capitalize" => JinjaMethods.Capitalize(JinjaPy.Str(v)),
        "title" => JinjaMethods.Title(JinjaPy.Str(v)),
        "string" => JinjaPy.Str(v),
        "safe" => v,
        "e" or "escape" => Escape(JinjaPy.Str(v)),
        "default" or "d" => Default(v, a),
        "join" => Join(v, a),
        "list" => new List<object?>(JinjaPy.Iterate(v)),
        "first" => JinjaPy.Iterate(v) is { Count: > 0 } f ? f[0] : Undefined.Instance,
        "last" => JinjaPy.Iterate(v) is { Count: > 0 } l ? l[^1] : Undefined.Instance,
        "reverse" => v is string s ? new string(s.Reverse().ToArray())
            : Enumerable.Reverse(JinjaPy.Iterate(v)).ToList(),
        "unique" => Unique(JinjaPy.Iterate(v)),
        "sort" => Sort(v, a),
        "map" => Map(v, a),
        "select" => Select(v, a, attribute: false, keep: true),
        "reject" => Select(v, a, attribute: false, keep: false),
        "selectattr" => Select(v, a, attribute: true, keep: true),
        "rejectattr" => Select(v, a, attribute: true, keep: false),
        "replace" => JinjaMethods.Replace(JinjaPy.Str(v), JinjaPy.Str(a.Get(0, "old")),
            JinjaPy.Str(a.Get(1, "new")), a.Get(2, "count")),
        "int" => ToInt(v, a.Get(0, "default", 0L)),
        "float" => ToFloat(v, a.Get(0, "default", 0.0)),
        "abs" => v is long i ? (object)Math.Abs(i) : Math.Abs(JinjaPy.ToDouble(v)),
        "round" => Round(v, a),
        "sum" => Sum(v, a),
        "max" => Extreme(v, a, sign: 1),
        "min" => Extreme(v, a, sign: -1),
        "items" => v is Dictionary<string, object?> d
            ? d.Select(kv => (object?)new PyTuple([kv.Key, kv.Value])).ToList()
            : v is Undefined ? new List<object?>() : throw new JinjaError("items expects a mapping."),
        "dictsort" => v is Dictionary<string, object?> m
            ? m.OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase)
                .Select(kv => (object?)new PyTuple([kv.Key, kv.Value])).ToList()
            : throw new JinjaError("dictsort expects a mapping."),
        "indent" => Indent(JinjaPy.Str(v), a),
        "wordcount" => (long)JinjaPy.Str(v).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length,
        _ => throw new JinjaError($"no filter named '{name}'."),
    };

    private static object? Default(object? v, CallArgs a)
    {
        var fallback = a.Get(0, "default_value", "");
        var boolean = JinjaPy.Truthy(a.Get(1, "boolean", false));
        return v is Undefined || (boolean && !JinjaPy.Truthy(v)) ? fallback : v;
    }

    private static string Join(object? v, CallArgs a)
    {
        var items = JinjaPy.Iterate(v);
        var attribute = a.Get(1, "attribute");
        var values = attribute is string path ? items.Select(x => JinjaAccess.GetPath(x, path)) : items;
        return string.Join(JinjaPy.Str(a.Get(0, "d", "")), values.Select(JinjaPy.Str));
    }

    private static List<object?> Unique(List<object?> items)
    {
        var result = new List<object?>();
        foreach (var item in items)
            if (!result.Any(r => JinjaPy.Equals(r, item))) result.Add(item);
        return result;
    }

    private static List<object?> Sort(object? v, CallArgs a)
    {
        var reverse = JinjaPy.Truthy(a.Get(0, "reverse", false));
        var attribute = a.Get(2, "attribute") as string;
        object? Key(object? x) => attribute is null ? x : JinjaAccess.GetPath(x, attribute);
        var sorted = JinjaPy.Iterate(v).ToList();
        // A stable sort, as Python's is.
        var ordered = sorted.Select((x, i) => (x, i)).OrderBy(p => p, Comparer<(object?, int)>.Create(
            (p, q) => JinjaPy.Compare(Key(p.Item1), Key(q.Item1)) is var c && c != 0 ? c : p.Item2.CompareTo(q.Item2)));
        var result = ordered.Select(p => p.x).ToList();
        if (reverse) result.Reverse();
        return result;
    }

    private static List<object?> Map(object? v, CallArgs a)
    {
        var items = JinjaPy.Iterate(v);
        if (a.Named.TryGetValue("attribute", out var attr))
        {
            var path = JinjaPy.Str(attr);
            var hasDefault = a.Named.TryGetValue("default", out var fallback);
            return items.Select(x => JinjaAccess.GetPath(x, path) is var r && r is Undefined && hasDefault
                ? fallback : r).ToList();
        }
        if (a.Positional.Count == 0) throw new JinjaError("map needs a filter name or attribute=.");
        var filter = JinjaPy.Str(a.Positional[0]);
        var rest = new CallArgs(a.Positional.Skip(1).ToList(), a.Named);
        return items.Select(x => Apply(filter, x, rest)).ToList();
    }

    private static List<object?> Select(object? v, CallArgs a, bool attribute, bool keep)
    {
        var offset = attribute ? 1 : 0;
        var path = attribute ? JinjaPy.Str(a.Get(0, "attribute")) : null;
        var test = a.Positional.Count > offset ? JinjaPy.Str(a.Positional[offset]) : null;
        var testArgs = new CallArgs(a.Positional.Skip(offset + 1).ToList(), []);
        bool Passes(object? x)
        {
            var value = path is null ? x : JinjaAccess.GetPath(x, path);
            return test is null ? JinjaPy.Truthy(value) : JinjaTests.Apply(test, value, testArgs);
        }
        return JinjaPy.Iterate(v).Where(x => Passes(x) == keep).ToList();
    }

    private static object? ToInt(object? v, object? fallback) => v switch
    {
        long or bool => (long)JinjaPy.ToDouble(v),
        double d => (long)Math.Truncate(d),
        string s when long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture,
            out var i) => i,
        string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) =>
            (long)Math.Truncate(d),
        _ => fallback,
    };

    private static object? ToFloat(object? v, object? fallback) => v switch
    {
        long or bool or double => JinjaPy.ToDouble(v),
        string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => fallback,
    };

    private static double Round(object? v, CallArgs a)
    {
        var digits = (int)JinjaPy.ToDouble(a.Get(0, "precision", 0L));
        var method = JinjaPy.Str(a.Get(1, "method", "common"));
        var x = JinjaPy.ToDouble(v);
        var scale = Math.Pow(10, digits);
        return method switch
        {
            "floor" => Math.Floor(x * scale) / scale,
            "ceil" => Math.Ceiling(x * scale) / scale,
            _ => Math.Round(x, digits, MidpointRounding.ToEven),
        };
    }

    private static object? Sum(object? v, CallArgs a)
    {
        object? total = a.Get(1, "start", 0L);
        var attribute = a.Get(0, "attribute") as string;
        foreach (var item in JinjaPy.Iterate(v))
            total = JinjaOperators.Binary("+", total, attribute is null ? item : JinjaAccess.GetPath(item, attribute));
        return total;
    }

    private static object? Extreme(object? v, CallArgs a, int sign)
    {
        var items = JinjaPy.Iterate(v);
        if (items.Count == 0) return Undefined.Instance;
        var attribute = a.Get(1, "attribute") as string;
        object? Key(object? x) => attribute is null ? x : JinjaAccess.GetPath(x, attribute);
        var best = items[0];
        foreach (var item in items.Skip(1))
            if (JinjaPy.Compare(Key(item), Key(best)) * sign > 0) best = item;
        return best;
    }

    private static string Indent(string s, CallArgs a)
    {
        var width = a.Get(0, "width", 4L);
        var pad = width as string ?? new string(' ', (int)JinjaPy.ToDouble(width));
        var first = JinjaPy.Truthy(a.Get(1, "first", false));
        var blank = JinjaPy.Truthy(a.Get(2, "blank", false));
        var lines = s.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i == 0 && !first) continue;
            if (lines[i].Length > 0 || blank) lines[i] = pad + lines[i];
        }
        return string.Join('\n', lines);
    }

    private static string Escape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;")
        .Replace("\"", "&#34;").Replace("'", "&#39;");
}
