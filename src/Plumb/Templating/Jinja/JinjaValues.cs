namespace Plumb.Templating.Jinja;

// Runtime values besides null (None), bool, long, double, string, List<object?> and
// Dictionary<string, object?>. Templates can reach nothing else: that is the sandbox.

/// <summary>jinja2's default Undefined: renders empty, is falsy, iterates as empty.</summary>
internal sealed class Undefined
{
    public static readonly Undefined Instance = new();

    private Undefined() { }

    public override string ToString() => "";
}

/// <summary>The object <c>namespace()</c> returns, whose attributes <c>set ns.x = ...</c> may assign.</summary>
internal sealed class Namespace
{
    public Dictionary<string, object?> Attributes { get; } = [];
}

/// <summary>A function a template may call: a global such as <c>range</c>, or a macro.</summary>
internal sealed class JinjaFunction(string name, Func<CallArgs, object?> invoke)
{
    public string Name { get; } = name;

    public object? Invoke(CallArgs args) => invoke(args);
}

/// <summary>A method of a string, list or dict, bound to its receiver, such as <c>content.strip</c>.</summary>
internal sealed record BoundMethod(object Receiver, string Name);

/// <summary>Evaluated call arguments.</summary>
internal sealed record CallArgs(List<object?> Positional, Dictionary<string, object?> Named)
{
    public static readonly CallArgs Empty = new([], []);

    /// <summary>The argument at <paramref name="index"/> or named <paramref name="name"/>, else the default.</summary>
    public object? Get(int index, string name, object? fallback = null)
    {
        if (index >= 0 && index < Positional.Count) return Positional[index];
        return Named.TryGetValue(name, out var value) ? value : fallback;
    }

    public bool Has(int index, string name) =>
        (index >= 0 && index < Positional.Count) || Named.ContainsKey(name);
}

/// <summary>The <c>loop</c> variable inside a for loop.</summary>
internal sealed class LoopInfo(List<object?> items)
{
    public int Index0 { get; set; }

    public object? Attribute(string name) => name switch
    {
        "index" => (long)Index0 + 1,
        "index0" => (long)Index0,
        "revindex" => (long)(items.Count - Index0),
        "revindex0" => (long)(items.Count - Index0 - 1),
        "first" => Index0 == 0,
        "last" => Index0 == items.Count - 1,
        "length" => (long)items.Count,
        "previtem" => Index0 > 0 ? items[Index0 - 1] : Undefined.Instance,
        "nextitem" => Index0 < items.Count - 1 ? items[Index0 + 1] : Undefined.Instance,
        "depth" => 1L,
        "depth0" => 0L,
        _ => Undefined.Instance,
    };
}

/// <summary>A Python tuple: a list that prints with parentheses, as <c>dict.items()</c> yields them.</summary>
internal sealed class PyTuple : List<object?>
{
    public PyTuple(IEnumerable<object?> items) : base(items) { }
}

/// <summary>An error inside a filter, test or method; the interpreter adds the template position.</summary>
internal sealed class JinjaError(string message) : Exception(message);
