namespace Plumb.Templating.Jinja;

// Expression evaluation.
internal sealed partial class JinjaInterpreter
{
    private object? Eval(Expr expr, Scope scope) => expr switch
    {
        ConstExpr c => c.Value,
        NameExpr n => scope.TryGet(n.Name, out var v) ? v : Undefined.Instance,
        AttrExpr a => JinjaAccess.GetAttr(Eval(a.Target, scope), a.Name),
        ItemExpr i => JinjaAccess.GetItem(Eval(i.Target, scope), Eval(i.Key, scope)),
        SliceExpr s => At(s.Offset, () => JinjaAccess.Slice(Eval(s.Target, scope), EvalOptional(s.Start, scope),
            EvalOptional(s.Stop, scope), EvalOptional(s.Step, scope))),
        ListExpr l when l.IsTuple => new PyTuple(l.Items.Select(item => Eval(item, scope))),
        ListExpr l => l.Items.Select(item => Eval(item, scope)).ToList(),
        DictExpr d => EvalDict(d, scope),
        CallExpr c => EvalCall(c, scope),
        FilterExpr f => EvalFilter(f, scope),
        TestExpr t => EvalTest(t, scope),
        UnaryExpr u => EvalUnary(u, scope),
        BinaryExpr b => EvalBinary(b, scope),
        CompareExpr c => EvalCompare(c, scope),
        CondExpr c => JinjaPy.Truthy(Eval(c.Test, scope)) ? Eval(c.Then, scope)
            : c.Else is null ? Undefined.Instance : Eval(c.Else, scope),
        _ => throw new JinjaError($"unsupported expression {expr.GetType().Name}."),
    };

    private object? EvalOptional(Expr? expr, Scope scope) => expr is null ? null : Eval(expr, scope);

    // Records where an operation happens, so an error inside it names the right line.
    private T At<T>(int offset, Func<T> operation)
    {
        _offset = offset;
        return operation();
    }

    private Dictionary<string, object?> EvalDict(DictExpr d, Scope scope)
    {
        var result = new Dictionary<string, object?>();
        foreach (var (key, value) in d.Items) result[JinjaPy.Str(Eval(key, scope))] = Eval(value, scope);
        return result;
    }

    private CallArgs EvalArgs(Arguments args, Scope scope)
    {
        if (args.Positional.Count == 0 && args.Named.Count == 0) return CallArgs.Empty;
        var positional = args.Positional.Select(a => Eval(a, scope)).ToList();
        var named = new Dictionary<string, object?>();
        foreach (var (name, value) in args.Named) named[name] = Eval(value, scope);
        return new CallArgs(positional, named);
    }

    private object? EvalCall(CallExpr c, Scope scope)
    {
        var callee = Eval(c.Callee, scope);
        var args = EvalArgs(c.Args, scope);
        _offset = c.Offset;
        return callee switch
        {
            JinjaFunction f => f.Invoke(args),
            BoundMethod m => JinjaMethods.Call(m, args),
            Undefined => throw new JinjaError($"{Describe(c.Callee)} is undefined and cannot be called."),
            _ => throw new JinjaError($"'{JinjaPy.TypeName(callee)}' object is not callable."),
        };
    }

    private static string Describe(Expr e) => e switch
    {
        NameExpr n => $"'{n.Name}'",
        AttrExpr a => $"'{a.Name}'",
        _ => "the value",
    };

    private object? EvalFilter(FilterExpr f, Scope scope)
    {
        var value = Eval(f.Target, scope);
        var args = EvalArgs(f.Args, scope);
        _offset = f.Offset;
        return JinjaFilters.Apply(f.Name, value, args);
    }

    private bool EvalTest(TestExpr t, Scope scope)
    {
        var value = Eval(t.Target, scope);
        var args = EvalArgs(t.Args, scope);
        _offset = t.Offset;
        return JinjaTests.Apply(t.Name, value, args) != t.Negated;
    }

    private object? EvalUnary(UnaryExpr u, Scope scope)
    {
        var value = Eval(u.Operand, scope);
        _offset = u.Offset;
        return u.Op switch
        {
            "not" => !JinjaPy.Truthy(value),
            "-" => value is long or bool ? (object)-(long)JinjaPy.ToDouble(value) : -JinjaPy.ToDouble(value),
            _ => JinjaPy.IsNumber(value) ? value : throw new JinjaError("unary + expects a number."),
        };
    }

    private object? EvalBinary(BinaryExpr b, Scope scope)
    {
        var left = Eval(b.Left, scope);
        if (b.Op == "and") return JinjaPy.Truthy(left) ? Eval(b.Right, scope) : left;
        if (b.Op == "or") return JinjaPy.Truthy(left) ? left : Eval(b.Right, scope);
        var right = Eval(b.Right, scope);
        _offset = b.Offset;
        return JinjaOperators.Binary(b.Op, left, right);
    }

    private bool EvalCompare(CompareExpr c, Scope scope)
    {
        var left = Eval(c.First, scope);
        for (var r = 0; r < c.Rest.Count; r++)
        {
            var (op, rightExpr) = c.Rest[r];
            var right = Eval(rightExpr, scope);
            _offset = rightExpr.Offset;
            var holds = op switch
            {
                "==" => JinjaPy.Equals(left, right),
                "!=" => !JinjaPy.Equals(left, right),
                "<" => JinjaPy.Compare(left, right) < 0,
                ">" => JinjaPy.Compare(left, right) > 0,
                "<=" => JinjaPy.Compare(left, right) <= 0,
                ">=" => JinjaPy.Compare(left, right) >= 0,
                "in" => JinjaPy.Contains(right, left),
                _ => !JinjaPy.Contains(right, left),
            };
            if (!holds) return false;
            left = right;
        }
        return true;
    }
}
