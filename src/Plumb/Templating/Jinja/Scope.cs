namespace Plumb.Templating.Jinja;

/// <summary>Variables visible at one point of a render; loops and macros open a child scope.</summary>
internal sealed class Scope(Scope? parent)
{
    private readonly Dictionary<string, object?> _variables = [];

    public bool TryGet(string name, out object? value)
    {
        for (var scope = this; scope != null; scope = scope.Parent)
            if (scope._variables.TryGetValue(name, out value)) return true;
        value = null;
        return false;
    }

    public Scope? Parent { get; } = parent;

    public void Set(string name, object? value) => _variables[name] = value;

    public void Clear() => _variables.Clear();
}
