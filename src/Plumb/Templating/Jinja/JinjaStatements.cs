namespace Plumb.Templating.Jinja;

// The statement tree: a template is a list of these.

/// <summary>A statement node of a parsed template.</summary>
internal abstract record Stmt(int Offset);

internal sealed record TextStmt(int Offset, string Text) : Stmt(Offset);

internal sealed record OutputStmt(int Offset, Expr Value) : Stmt(Offset);

internal sealed record IfStmt(int Offset, IReadOnlyList<(Expr Test, IReadOnlyList<Stmt> Body)> Branches,
    IReadOnlyList<Stmt> Else) : Stmt(Offset);

internal sealed record ForStmt(int Offset, IReadOnlyList<string> Targets, Expr Iterable, Expr? Filter,
    IReadOnlyList<Stmt> Body, IReadOnlyList<Stmt> Else) : Stmt(Offset);

/// <summary><c>set name = value</c>, <c>set a, b = value</c> or <c>set ns.attr = value</c>.</summary>
internal sealed record SetStmt(int Offset, IReadOnlyList<string> Targets, string? Attribute, Expr Value)
    : Stmt(Offset);

internal sealed record SetBlockStmt(int Offset, string Target, IReadOnlyList<Stmt> Body) : Stmt(Offset);

internal sealed record MacroStmt(int Offset, string Name, IReadOnlyList<string> Parameters,
    IReadOnlyList<Expr?> Defaults, IReadOnlyList<Stmt> Body) : Stmt(Offset);

/// <summary>A statement whose body renders unchanged, such as transformers' <c>generation</c> block.</summary>
internal sealed record BlockStmt(int Offset, IReadOnlyList<Stmt> Body) : Stmt(Offset);

internal sealed record LoopControlStmt(int Offset, bool IsBreak) : Stmt(Offset);
