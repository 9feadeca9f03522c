using System.Text;

namespace Plumb.Templating.Jinja;

/// <summary>Executes a parsed template against one set of variables; one instance per render.</summary>
internal sealed partial class JinjaInterpreter
{
    private enum Flow { Normal, Break, Continue }

    private readonly JinjaSource _source;
    private readonly TemplateOptions _options;
    private int _steps;
    private int _callDepth;
    private int _offset;

    public JinjaInterpreter(JinjaSource source, TemplateOptions options)
    {
        _source = source;
        _options = options;
    }

    public string Render(IReadOnlyList<Stmt> body, Scope globals)
    {
        var output = new StringBuilder();
        var scope = new Scope(globals);
        try
        {
            Exec(body, output, scope);
        }
        catch (JinjaError e)
        {
            throw _source.Error(_offset, e.Message);
        }
        return output.ToString();
    }

    private Flow Exec(IReadOnlyList<Stmt> body, StringBuilder output, Scope scope)
    {
        // Index loops: a foreach over IReadOnlyList would allocate an enumerator per block.
        for (var index = 0; index < body.Count; index++)
        {
            var stmt = body[index];
            Step(stmt.Offset);
            var flow = stmt switch
            {
                TextStmt t => Append(output, t.Text),
                OutputStmt o => Append(output, JinjaPy.Str(Eval(o.Value, scope))),
                IfStmt i => ExecIf(i, output, scope),
                ForStmt f => ExecFor(f, output, scope),
                SetStmt s => ExecSet(s, scope),
                SetBlockStmt b => ExecSetBlock(b, scope),
                MacroStmt m => DefineMacro(m, scope),
                BlockStmt b => Exec(b.Body, output, scope),
                LoopControlStmt c => c.IsBreak ? Flow.Break : Flow.Continue,
                _ => throw new JinjaError($"unsupported statement {stmt.GetType().Name}."),
            };
            if (flow != Flow.Normal) return flow;
        }
        return Flow.Normal;
    }

    private void Step(int offset)
    {
        _offset = offset;
        if (++_steps > _options.MaxSteps)
            throw _source.Error(offset, $"the template ran more than {_options.MaxSteps} steps; "
                + "it may loop without end. Raise TemplateOptions.MaxSteps if the conversation is truly this long.");
    }

    private Flow Append(StringBuilder output, string text)
    {
        if (output.Length + text.Length > _options.MaxOutputLength)
            throw _source.Error(_offset, $"the rendered text would exceed {_options.MaxOutputLength} characters.");
        output.Append(text);
        return Flow.Normal;
    }

    private Flow ExecIf(IfStmt stmt, StringBuilder output, Scope scope)
    {
        for (var b = 0; b < stmt.Branches.Count; b++)
        {
            var (test, body) = stmt.Branches[b];
            if (JinjaPy.Truthy(Eval(test, scope))) return Exec(body, output, scope);
        }
        return Exec(stmt.Else, output, scope);
    }

    private Flow ExecFor(ForStmt stmt, StringBuilder output, Scope scope)
    {
        var items = JinjaPy.Iterate(Eval(stmt.Iterable, scope));
        if (stmt.Filter != null)
            items = items.Where(item => JinjaPy.Truthy(Eval(stmt.Filter, Bind(stmt, item, scope)))).ToList();
        if (items.Count == 0) return Exec(stmt.Else, output, scope);
        var loop = new LoopInfo(items);
        // One child scope, emptied per iteration: assignments never outlive their iteration.
        var inner = new Scope(scope);
        for (var i = 0; i < items.Count; i++)
        {
            Step(stmt.Offset);
            loop.Index0 = i;
            inner.Clear();
            Assign(stmt.Targets, items[i], inner);
            inner.Set("loop", loop);
            if (Exec(stmt.Body, output, inner) == Flow.Break) break;
        }
        return Flow.Normal;
    }

    private Scope Bind(ForStmt stmt, object? item, Scope scope)
    {
        var inner = new Scope(scope);
        Assign(stmt.Targets, item, inner);
        return inner;
    }

    private static void Assign(IReadOnlyList<string> targets, object? value, Scope scope)
    {
        if (targets.Count == 1)
        {
            scope.Set(targets[0], value);
            return;
        }
        var items = JinjaPy.Iterate(value);
        if (items.Count != targets.Count)
            throw new JinjaError($"cannot unpack {items.Count} values into {targets.Count} names.");
        for (var i = 0; i < targets.Count; i++) scope.Set(targets[i], items[i]);
    }

    private Flow ExecSet(SetStmt stmt, Scope scope)
    {
        var value = Eval(stmt.Value, scope);
        if (stmt.Attribute is null)
        {
            Assign(stmt.Targets, value, scope);
            return Flow.Normal;
        }
        if (!scope.TryGet(stmt.Targets[0], out var target) || target is not Namespace ns)
            throw new JinjaError($"'{stmt.Targets[0]}' is not a namespace; only namespace() objects "
                + "accept attribute assignment.");
        ns.Attributes[stmt.Attribute] = value;
        return Flow.Normal;
    }

    private Flow ExecSetBlock(SetBlockStmt stmt, Scope scope)
    {
        var captured = new StringBuilder();
        Exec(stmt.Body, captured, scope);
        scope.Set(stmt.Target, captured.ToString());
        return Flow.Normal;
    }

    private Flow DefineMacro(MacroStmt stmt, Scope scope)
    {
        scope.Set(stmt.Name, new JinjaFunction(stmt.Name, args => CallMacro(stmt, scope, args)));
        return Flow.Normal;
    }

    private string CallMacro(MacroStmt stmt, Scope definition, CallArgs args)
    {
        if (++_callDepth > _options.MaxCallDepth)
            throw new JinjaError($"macros nested deeper than {_options.MaxCallDepth} calls.");
        var scope = new Scope(definition);
        for (var i = 0; i < stmt.Parameters.Count; i++)
        {
            var name = stmt.Parameters[i];
            var value = args.Has(i, name) ? args.Get(i, name)
                : stmt.Defaults[i] is { } d ? Eval(d, scope) : Undefined.Instance;
            scope.Set(name, value);
        }
        var output = new StringBuilder();
        var caller = _offset;
        Exec(stmt.Body, output, scope);
        _offset = caller;
        _callDepth--;
        return output.ToString();
    }
}
