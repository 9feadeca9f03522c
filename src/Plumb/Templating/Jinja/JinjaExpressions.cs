namespace Plumb.Templating.Jinja;

// The expression tree. Every node keeps the source offset it starts at, for error messages.

/// <summary>An expression node of a parsed template.</summary>
internal abstract record Expr(int Offset);

internal sealed record ConstExpr(int Offset, object? Value) : Expr(Offset);

internal sealed record NameExpr(int Offset, string Name) : Expr(Offset);

internal sealed record ListExpr(int Offset, IReadOnlyList<Expr> Items, bool IsTuple = false) : Expr(Offset);

internal sealed record DictExpr(int Offset, IReadOnlyList<(Expr Key, Expr Value)> Items) : Expr(Offset);

internal sealed record AttrExpr(int Offset, Expr Target, string Name) : Expr(Offset);

internal sealed record ItemExpr(int Offset, Expr Target, Expr Key) : Expr(Offset);

internal sealed record SliceExpr(int Offset, Expr Target, Expr? Start, Expr? Stop, Expr? Step) : Expr(Offset);

/// <summary>Positional and keyword arguments of a call, filter or test.</summary>
internal sealed record Arguments(IReadOnlyList<Expr> Positional, IReadOnlyList<(string Name, Expr Value)> Named)
{
    public static readonly Arguments None = new([], []);
}

internal sealed record CallExpr(int Offset, Expr Callee, Arguments Args) : Expr(Offset);

internal sealed record FilterExpr(int Offset, Expr Target, string Name, Arguments Args) : Expr(Offset);

internal sealed record TestExpr(int Offset, Expr Target, string Name, Arguments Args, bool Negated)
    : Expr(Offset);

internal sealed record UnaryExpr(int Offset, string Op, Expr Operand) : Expr(Offset);

internal sealed record BinaryExpr(int Offset, string Op, Expr Left, Expr Right) : Expr(Offset);

internal sealed record CompareExpr(int Offset, Expr First, IReadOnlyList<(string Op, Expr Right)> Rest)
    : Expr(Offset);

internal sealed record CondExpr(int Offset, Expr Test, Expr Then, Expr? Else) : Expr(Offset);
