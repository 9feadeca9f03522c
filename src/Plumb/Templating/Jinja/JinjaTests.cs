namespace Plumb.Templating.Jinja;

/// <summary>The tests available after <c>is</c>, such as <c>is defined</c> and <c>is string</c>.</summary>
internal static class JinjaTests
{
    public static bool Apply(string name, object? v, CallArgs args)
    {
        var arg = args.Get(0, "value");
        return name switch
        {
            "defined" => v is not Undefined,
            "undefined" => v is Undefined,
            "none" => v is null,
            "string" => v is string,
            "number" => v is long or double,
            "integer" => v is long,
            "float" => v is double,
            "boolean" => v is bool,
            "true" => v is true,
            "false" => v is false,
            "mapping" => v is Dictionary<string, object?>,
            "sequence" => v is string or List<object?> or Dictionary<string, object?>,
            "iterable" => v is string or List<object?> or Dictionary<string, object?>,
            "callable" => v is JinjaFunction or BoundMethod,
            "even" => Integer(v) % 2 == 0,
            "odd" => Integer(v) % 2 != 0,
            "divisibleby" => Integer(v) % Integer(arg) == 0,
            "eq" or "equalto" or "==" => JinjaPy.Equals(v, arg),
            "ne" or "!=" => !JinjaPy.Equals(v, arg),
            "lt" or "lessthan" or "<" => JinjaPy.Compare(v, arg) < 0,
            "le" or "<=" => JinjaPy.Compare(v, arg) <= 0,
            "gt" or "greaterthan" or ">" => JinjaPy.Compare(v, arg) > 0,
            "ge" or ">=" => JinjaPy.Compare(v, arg) >= 0,
            "in" => JinjaPy.Contains(arg, v),
            "sameas" => ReferenceEquals(v, arg) || (v is null && arg is null)
                || (v is bool a && arg is bool b && a == b),
            "lower" => v is string s && s == s.ToLowerInvariant(),
            "upper" => v is string u && u == u.ToUpperInvariant(),
            _ => throw new JinjaError($"no test named '{name}'."),
        };
    }

    public static bool Exists(string name) => name is "defined" or "undefined" or "none" or "string"
        or "number" or "integer" or "float" or "boolean" or "true" or "false" or "mapping" or "sequence"
        or "iterable" or "callable" or "even" or "odd" or "divisibleby" or "eq" or "equalto" or "==" or "ne"
        or "!=" or "lt" or "lessthan" or "<" or "le" or "<=" or "gt" or "greaterthan" or ">" or "ge" or ">="
        or "in" or "sameas" or "lower" or "upper";

    private static long Integer(object? v) => v is long or bool ? (long)JinjaPy.ToDouble(v)
        : throw new JinjaError($"expected an integer but got {JinjaPy.TypeName(v)}.");
}
