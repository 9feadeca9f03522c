using System.Globalization;
using System.Text;

namespace Plumb.Templating.Jinja;

/// <summary>The Python string and dict methods templates call, such as <c>content.strip()</c>.</summary>
internal static class JinjaMethods
{
    public static object? Call(BoundMethod method, CallArgs args) => method.Receiver switch
    {
        string s => CallString(s, method.Name, args),
        Dictionary<string, object?> d => CallDict(d, method.Name, args),
        _ => throw new JinjaError($"'{method.Name}' cannot be called here."),
    };

    private static object? CallDict(Dictionary<string, object?> d, string name, CallArgs args) => name switch
    {
        "items" => d.Select(kv => (object?)new PyTuple([kv.Key, kv.Value])).ToList(),
        "keys" => d.Keys.Select(k => (object?)k).ToList(),
        "values" => d.Values.ToList(),
        "get" => JinjaAccess.GetItem(d, args.Get(0, "key")) is var v && v is not Undefined
            ? v : args.Get(1, "default"),
        _ => throw new JinjaError($"dict has no method '{name}'."),
    };

    private static object? CallString(string s, string name, CallArgs args) => name switch
    {
        "strip" => Strip(s, args.Get(0, "chars"), true, true),
        "lstrip" => Strip(s, args.Get(0, "chars"), true, false),
        "rstrip" => Strip(s, args.Get(0, "chars"), false, true),
        "startswith" => AnyAffix(args.Get(0, "prefix"), p => s.StartsWith(p, StringComparison.Ordinal)),
        "endswith" => AnyAffix(args.Get(0, "suffix"), p => s.EndsWith(p, StringComparison.Ordinal)),
        "split" => Split(s, args.Get(0, "sep"), args.Get(1, "maxsplit", -1L)),
        "rsplit" => RSplit(s, args.Get(0, "sep"), args.Get(1, "maxsplit", -1L)),
        "splitlines" => s.Split('\n').Select(l => (object?)l.TrimEnd('\r')).ToList() is var lines
            && s.EndsWith('\n') ? lines.Take(lines.Count - 1).ToList() : lines,
        "upper" => Upper(s),
        "lower" => s.ToLowerInvariant(),
        "title" => Title(s),
        "capitalize" => Capitalize(s),
        "replace" => Replace(s, AsString(args.Get(0, "old")), AsString(args.Get(1, "new")), args.Get(2, "count")),
        "find" => (long)s.IndexOf(AsString(args.Get(0, "sub")), StringComparison.Ordinal),
        "rfind" => (long)s.LastIndexOf(AsString(args.Get(0, "sub")), StringComparison.Ordinal),
        "count" => CountOf(s, AsString(args.Get(0, "sub"))),
        "join" => string.Join(s, JinjaPy.Iterate(args.Get(0, "iterable")).Select(JinjaPy.Str)),
        "isdigit" => s.Length > 0 && s.All(char.IsDigit),
        "isalpha" => s.Length > 0 && s.All(char.IsLetter),
        "isalnum" => s.Length > 0 && s.All(char.IsLetterOrDigit),
        "isspace" => s.Length > 0 && s.All(char.IsWhiteSpace),
        "islower" => s.Any(char.IsLetter) && !s.Any(char.IsUpper),
        "isupper" => s.Any(char.IsLetter) && !s.Any(char.IsLower),
        "removeprefix" => AsString(args.Get(0, "prefix")) is var p && s.StartsWith(p, StringComparison.Ordinal)
            ? s[p.Length..] : s,
        "removesuffix" => AsString(args.Get(0, "suffix")) is var x && x.Length > 0
            && s.EndsWith(x, StringComparison.Ordinal) ? s[..^x.Length] : s,
        _ => throw new JinjaError($"str has no method '{name}'."),
    };

    public static string AsString(object? v) =>
        v as string ?? throw new JinjaError($"expected a string but got {JinjaPy.TypeName(v)}.");

    public static string Strip(string s, object? chars, bool left, bool right)
    {
        if (chars is null or Undefined)
        {
            if (left) s = s.TrimStart();
            return right ? s.TrimEnd() : s;
        }
        var set = AsString(chars).ToCharArray();
        if (left) s = s.TrimStart(set);
        return right ? s.TrimEnd(set) : s;
    }

    private static bool AnyAffix(object? affix, Func<string, bool> test) => affix switch
    {
        string a => test(a),
        List<object?> list => list.Any(a => test(AsString(a))),
        _ => throw new JinjaError($"startswith/endswith takes a string or a tuple, not {JinjaPy.TypeName(affix)}."),
    };

    private static List<object?> Split(string s, object? sep, object? maxSplit)
    {
        var max = maxSplit is long m ? m : -1;
        if (sep is null or Undefined)
        {
            var parts = new List<object?>();
            var rest = s.TrimStart();
            while (rest.Length > 0)
            {
                if (max >= 0 && parts.Count == max)
                {
                    parts.Add(rest);
                    break;
                }
                var end = 0;
                while (end < rest.Length && !char.IsWhiteSpace(rest[end])) end++;
                parts.Add(rest[..end]);
                rest = rest[end..].TrimStart();
            }
            return parts;
        }
        var separator = AsString(sep);
        if (separator.Length == 0) throw new JinjaError("empty separator.");
        var count = max < 0 ? int.MaxValue : (int)Math.Min(max + 1, int.MaxValue);
        return [.. s.Split(separator, count)];
    }

    private static List<object?> RSplit(string s, object? sep, object? maxSplit)
    {
        if (maxSplit is not long max || max < 0 || sep is null or Undefined) return Split(s, sep, maxSplit);
        var separator = AsString(sep);
        var parts = new List<object?>();
        var end = s.Length;
        while (parts.Count < max)
        {
            var at = s.LastIndexOf(separator, end - 1 < 0 ? 0 : end - 1, StringComparison.Ordinal);
            if (at < 0 || end == 0 || at + separator.Length > end) break;
            parts.Insert(0, s[(at + separator.Length)..end]);
            end = at;
        }
        parts.Insert(0, s[..end]);
        return parts;
    }

    /// <summary>Python's str.title(): upper-case after any uncased character, lower-case otherwise.</summary>
    public static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        var previousCased = false;
        foreach (var c in s)
        {
            var cased = char.IsUpper(c) || char.IsLower(c);
            sb.Append(cased ? (previousCased ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)) : c);
            previousCased = cased;
        }
        return sb.ToString();
    }

    /// <summary>Python's str.upper(), with the full case mappings that lengthen text (ß to SS).</summary>
    public static string Upper(string s)
    {
        var upper = s.ToUpperInvariant();
        if (!upper.Any(c => c is 'ß' or (>= '\uFB00' and <= '\uFB06'))) return upper;
        var sb = new StringBuilder(upper.Length + 4);
        foreach (var c in upper)
            sb.Append(c switch
            {
                'ß' => "SS", '\uFB00' => "FF", '\uFB01' => "FI", '\uFB02' => "FL", '\uFB03' => "FFI",
                '\uFB04' => "FFL", '\uFB05' or '\uFB06' => "ST", _ => c.ToString(),
            });
        return sb.ToString();
    }

    public static string Capitalize(string s) =>
        s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant();

    public static string Replace(string s, string old, string replacement, object? count)
    {
        if (count is not long n || n < 0)
            return old.Length == 0 ? s : s.Replace(old, replacement, StringComparison.Ordinal);
        var sb = new StringBuilder();
        var pos = 0;
        for (var done = 0L; done < n; done++)
        {
            var at = s.IndexOf(old, pos, StringComparison.Ordinal);
            if (at < 0 || old.Length == 0) break;
            sb.Append(s, pos, at - pos).Append(replacement);
            pos = at + old.Length;
        }
        return sb.Append(s, pos, s.Length - pos).ToString();
    }

    private static long CountOf(string s, string sub)
    {
        if (sub.Length == 0) return s.Length + 1;
        long n = 0;
        for (var at = s.IndexOf(sub, StringComparison.Ordinal); at >= 0;
             at = s.IndexOf(sub, at + sub.Length, StringComparison.Ordinal)) n++;
        return n;
    }

    internal static string Invariant(long v) => v.ToString(CultureInfo.InvariantCulture);
}
