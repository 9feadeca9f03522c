namespace Plumb.Templating.Jinja;

/// <summary>Attribute and item access with jinja2's fallbacks; the only way a template reaches into a value.</summary>
internal static class JinjaAccess
{
    private static readonly HashSet<string> StringMethods =
    [
        "strip", "lstrip", "rstrip", "startswith", "endswith", "split", "rsplit", "splitlines", "upper",
        "lower", "title", "capitalize", "replace", "find", "rfind", "count", "join", "isdigit", "isalpha",
        "isspace", "isalnum", "islower", "isupper", "removeprefix", "removesuffix",
    ];

    private static readonly HashSet<string> DictMethods = ["items", "keys", "values", "get"];

    /// <summary><c>obj.name</c>: a method or attribute first, then an item, else undefined.</summary>
    public static object? GetAttr(object? obj, string name) => obj switch
    {
        string s when StringMethods.Contains(name) => new BoundMethod(s, name),
        Dictionary<string, object?> d when DictMethods.Contains(name) => new BoundMethod(d, name),
        Dictionary<string, object?> d => d.TryGetValue(name, out var v) ? v : Undefined.Instance,
        Namespace ns => ns.Attributes.TryGetValue(name, out var v) ? v : Undefined.Instance,
        LoopInfo loop => loop.Attribute(name),
        List<object?> l when long.TryParse(name, out var i) => GetIndex(l, i),
        _ => Undefined.Instance,
    };

    /// <summary><c>obj[key]</c>: an item first, then an attribute, else undefined.</summary>
    public static object? GetItem(object? obj, object? key)
    {
        switch (obj, key)
        {
            case (Dictionary<string, object?> d, string k):
                return d.TryGetValue(k, out var v) ? v : Undefined.Instance;
            case (Dictionary<string, object?> d, _) when key is long or bool or double or null:
                return d.TryGetValue(JinjaPy.Str(key), out var w) ? w : Undefined.Instance;
            case (List<object?> l, long or bool):
                return GetIndex(l, (long)JinjaPy.ToDouble(key));
            case (string s, long or bool):
                var i = (long)JinjaPy.ToDouble(key);
                if (i < 0) i += s.Length;
                return i >= 0 && i < s.Length ? s[(int)i].ToString() : Undefined.Instance;
            case (_, string name):
                return GetAttr(obj, name);
            default:
                return Undefined.Instance;
        }
    }

    private static object? GetIndex(List<object?> list, long index)
    {
        if (index < 0) index += list.Count;
        return index >= 0 && index < list.Count ? list[(int)index] : Undefined.Instance;
    }

    /// <summary>A dotted attribute path as filters take it, such as <c>"function.name"</c>.</summary>
    public static object? GetPath(object? obj, string path)
    {
        foreach (var part in path.Split('.'))
            obj = long.TryParse(part, out var i) ? GetItem(obj, i) : GetItem(obj, part);
        return obj;
    }

    /// <summary>Python slicing of a list or string.</summary>
    // TODO(#3): strings are indexed and sliced by UTF-16 unit, where Python counts code points; the two differ
    // only for characters outside the Basic Multilingual Plane (emoji), which templates rarely slice.
    public static object? Slice(object? obj, object? start, object? stop, object? step)
    {
        var by = step is null or Undefined ? 1 : (long)JinjaPy.ToDouble(step);
        if (by == 0) throw new JinjaError("slice step cannot be zero.");
        var count = obj switch
        {
            List<object?> l => l.Count,
            string s => s.Length,
            _ => throw new JinjaError($"'{JinjaPy.TypeName(obj)}' object is not subscriptable."),
        };
        var indices = SliceIndices(count, start, stop, by);
        if (obj is string text)
            return string.Concat(indices.Select(i => text[i]));
        var list = (List<object?>)obj;
        return indices.Select(i => list[i]).ToList();
    }

    private static IEnumerable<int> SliceIndices(int count, object? start, object? stop, long step)
    {
        long Clamp(object? v, long fallback, long low, long high)
        {
            if (v is null or Undefined) return fallback;
            var i = (long)JinjaPy.ToDouble(v);
            if (i < 0) i += count;
            return Math.Clamp(i, low, high);
        }
        if (step > 0)
        {
            var from = Clamp(start, 0, 0, count);
            var to = Clamp(stop, count, 0, count);
            for (var i = from; i < to; i += step) yield return (int)i;
        }
        else
        {
            var from = Clamp(start, count - 1, -1, count - 1);
            var to = Clamp(stop, -1, -1, count - 1);
            for (var i = from; i > to; i += step) yield return (int)i;
        }
    }
}
