using System.Globalization;
using System.Text;

namespace Plumb.Templating.Jinja;

// The global functions transformers' template environment offers.
internal sealed partial class JinjaInterpreter
{
    /// <summary>Adds range, namespace, dict, raise_exception and strftime_now to <paramref name="scope"/>.</summary>
    public void AddGlobals(Scope scope)
    {
        scope.Set("range", new JinjaFunction("range", Range));
        scope.Set("namespace", new JinjaFunction("namespace", NewNamespace));
        scope.Set("dict", new JinjaFunction("dict", a => new Dictionary<string, object?>(a.Named)));
        scope.Set("raise_exception", new JinjaFunction("raise_exception", RaiseException));
        scope.Set("strftime_now", new JinjaFunction("strftime_now", StrftimeNow));
    }

    private object? RaiseException(CallArgs args)
    {
        var message = JinjaPy.Str(args.Get(0, "message", ""));
        var (line, column) = _source.Locate(_offset);
        throw new TemplateException($"The chat template raised an error (line {line}): {message}",
            line, column, raisedByTemplate: true);
    }

    private object? Range(CallArgs args)
    {
        long start = 0, step = 1, stop;
        var n = args.Positional.Select(a => (long)JinjaPy.ToDouble(a)).ToList();
        if (n.Count == 1) stop = n[0];
        else if (n.Count is 2 or 3)
        {
            (start, stop) = (n[0], n[1]);
            if (n.Count == 3) step = n[2];
        }
        else throw new JinjaError("range expects 1 to 3 integer arguments.");
        if (step == 0) throw new JinjaError("range() arg 3 must not be zero.");
        var count = Math.Max(0, (stop - start + step + (step > 0 ? -1 : 1)) / step);
        if (count > _options.MaxSteps) throw new JinjaError($"range of {count} items exceeds the step limit.");
        var items = new List<object?>((int)count);
        for (var i = 0L; i < count; i++) items.Add(start + i * step);
        return items;
    }

    private static object? NewNamespace(CallArgs args)
    {
        var ns = new Namespace();
        foreach (var initial in args.Positional.OfType<Dictionary<string, object?>>())
            foreach (var (key, value) in initial) ns.Attributes[key] = value;
        foreach (var (key, value) in args.Named) ns.Attributes[key] = value;
        return ns;
    }

    private object? StrftimeNow(CallArgs args)
    {
        var format = JinjaMethods.AsString(args.Get(0, "format"));
        return Strftime(_options.Clock.GetLocalNow(), format);
    }

    /// <summary>Python's strftime for the directives chat templates use.</summary>
    internal static string Strftime(DateTimeOffset t, string format)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 == format.Length)
            {
                sb.Append(format[i]);
                continue;
            }
            var code = format[++i];
            sb.Append(code switch
            {
                'd' => t.ToString("dd", inv), 'm' => t.ToString("MM", inv), 'Y' => t.ToString("yyyy", inv),
                'y' => t.ToString("yy", inv), 'b' => t.ToString("MMM", inv), 'B' => t.ToString("MMMM", inv),
                'a' => t.ToString("ddd", inv), 'A' => t.ToString("dddd", inv), 'H' => t.ToString("HH", inv),
                'I' => t.ToString("hh", inv), 'M' => t.ToString("mm", inv), 'S' => t.ToString("ss", inv),
                'p' => t.Hour < 12 ? "AM" : "PM", 'j' => t.DayOfYear.ToString("000", inv),
                'e' => t.Day.ToString(inv).PadLeft(2), '%' => "%",
                _ => "%" + code,
            });
        }
        return sb.ToString();
    }
}
