using System.Globalization;
using System.Text;

namespace Plumb.Templating.Jinja;

/// <summary>
/// Python's json.dumps as transformers' tojson filter calls it: ensure_ascii off, separators ", " and ": "
/// (or "," and ": " with an indent), keys in insertion order unless sorted.
/// </summary>
internal static class JinjaJson
{
    public static string Dumps(object? value, int? indent, bool sortKeys)
    {
        var sb = new StringBuilder();
        Write(sb, value, indent, sortKeys, 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object? v, int? indent, bool sortKeys, int depth)
    {
        switch (v)
        {
            case null: sb.Append("null"); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case long l: sb.Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case double d: sb.Append(JsonFloat(d)); break;
            case string s: WriteString(sb, s); break;
            case List<object?> list:
                WriteContainer(sb, '[', ']', list.Count, indent, depth,
                    i => Write(sb, list[i], indent, sortKeys, depth + 1));
                break;
            case Dictionary<string, object?> dict:
                var keys = sortKeys ? dict.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList() : [.. dict.Keys];
                WriteContainer(sb, '{', '}', keys.Count, indent, depth, i =>
                {
                    WriteString(sb, keys[i]);
                    sb.Append(": ");
                    Write(sb, dict[keys[i]], indent, sortKeys, depth + 1);
                });
                break;
            case Namespace ns:
                Write(sb, ns.Attributes, indent, sortKeys, depth);
                break;
            default:
                throw new JinjaError($"Object of type {JinjaPy.TypeName(v)} is not JSON serializable.");
        }
    }

    private static void WriteContainer(StringBuilder sb, char open, char close, int count, int? indent,
        int depth, Action<int> writeItem)
    {
        sb.Append(open);
        if (count == 0)
        {
            sb.Append(close);
            return;
        }
        for (var i = 0; i < count; i++)
        {
            if (i > 0) sb.Append(indent is null ? ", " : ",");
            if (indent is { } n) sb.Append('\n').Append(' ', n * (depth + 1));
            writeItem(i);
        }
        if (indent is { } m) sb.Append('\n').Append(' ', m * depth);
        sb.Append(close);
    }

    private static string JsonFloat(double d) =>
        double.IsNaN(d) ? "NaN" : double.IsInfinity(d) ? (d > 0 ? "Infinity" : "-Infinity") : JinjaPy.FormatFloat(d);

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }
}
