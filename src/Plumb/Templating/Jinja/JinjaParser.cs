namespace Plumb.Templating.Jinja;

/// <summary>Parses a token stream into statements, following jinja2's grammar and operator precedence.</summary>
internal sealed partial class JinjaParser
{
    private readonly JinjaSource _source;
    private readonly List<JinjaToken> _tokens;
    private int _index;

    private JinjaParser(JinjaSource source, List<JinjaToken> tokens)
    {
        _source = source;
        _tokens = tokens;
    }

    public static IReadOnlyList<Stmt> Parse(JinjaSource source)
    {
        var parser = new JinjaParser(source, JinjaLexer.Tokenize(source));
        var body = parser.ParseBody([], out _);
        return body;
    }

    private JinjaToken Current => _tokens[_index];

    private JinjaToken Next() => _tokens[_index++];

    private bool AtName(string name) => Current.Is(TokenKind.Name, name);

    private bool AtOperator(string op) => Current.Is(TokenKind.Operator, op);

    private bool SkipName(string name)
    {
        if (!AtName(name)) return false;
        _index++;
        return true;
    }

    private bool SkipOperator(string op)
    {
        if (!AtOperator(op)) return false;
        _index++;
        return true;
    }

    private void ExpectOperator(string op)
    {
        if (!SkipOperator(op)) throw Unexpected($"'{op}'");
    }

    private string ExpectName()
    {
        if (Current.Kind != TokenKind.Name) throw Unexpected("a name");
        return Next().Value;
    }

    private void ExpectBlockEnd()
    {
        if (Current.Kind != TokenKind.BlockEnd) throw Unexpected("'%}'");
        _index++;
    }

    private TemplateException Unexpected(string expected) =>
        _source.Error(Current.Offset, $"expected {expected} but found {Current}.");

    // Parses statements until a block tag named in `ends`; leaves the parser after that tag's name.
    private List<Stmt> ParseBody(string[] ends, out string endName)
    {
        var body = new List<Stmt>();
        while (true)
        {
            var token = Next();
            switch (token.Kind)
            {
                case TokenKind.End:
                    if (ends.Length > 0)
                        throw _source.Error(token.Offset,
                            $"the template ended but a block is still open; expected {string.Join(" or ", ends)}.");
                    endName = "";
                    return body;
                case TokenKind.Text:
                    body.Add(new TextStmt(token.Offset, token.Value));
                    break;
                case TokenKind.VarBegin:
                    var value = ParseExpression();
                    if (Current.Kind != TokenKind.VarEnd) throw Unexpected("'}}'");
                    _index++;
                    body.Add(new OutputStmt(token.Offset, value));
                    break;
                default:
                    if (Current.Kind == TokenKind.Name && ends.Contains(Current.Value))
                    {
                        endName = Next().Value;
                        return body;
                    }
                    body.Add(ParseStatement());
                    break;
            }
        }
    }

    // TODO(#3): raw, filter, call and recursive-loop blocks are not supported; no chat template seen so far
    // needs them, and include/import/extends are impossible by design (templates reach no files).
    private Stmt ParseStatement()
    {
        var token = Current;
        if (token.Kind != TokenKind.Name) throw Unexpected("a statement name");
        _index++;
        return token.Value switch
        {
            "if" => ParseIf(token.Offset),
            "for" => ParseFor(token.Offset),
            "set" => ParseSet(token.Offset),
            "macro" => ParseMacro(token.Offset),
            "generation" => ParseGeneration(token.Offset),
            "break" or "continue" => ParseLoopControl(token),
            _ => throw _source.Error(token.Offset, $"unknown statement '{token.Value}'; this engine supports "
                + "if, for, set, macro, generation, break and continue."),
        };
    }

    private IfStmt ParseIf(int offset)
    {
        var branches = new List<(Expr, IReadOnlyList<Stmt>)>();
        var test = ParseExpression();
        while (true)
        {
            ExpectBlockEnd();
            var body = ParseBody(["elif", "else", "endif"], out var end);
            branches.Add((test, body));
            if (end == "elif")
            {
                test = ParseExpression();
                continue;
            }
            IReadOnlyList<Stmt> elseBody = [];
            if (end == "else")
            {
                ExpectBlockEnd();
                elseBody = ParseBody(["endif"], out _);
            }
            ExpectBlockEnd();
            return new IfStmt(offset, branches, elseBody);
        }
    }

    private ForStmt ParseFor(int offset)
    {
        var targets = ParseTargets();
        if (!SkipName("in")) throw Unexpected("'in'");
        var iterable = ParseExpression(allowCondition: false);
        Expr? filter = SkipName("if") ? ParseExpression() : null;
        if (AtName("recursive"))
            throw _source.Error(Current.Offset, "recursive for loops are not supported.");
        ExpectBlockEnd();
        var body = ParseBody(["else", "endfor"], out var end);
        IReadOnlyList<Stmt> elseBody = [];
        if (end == "else")
        {
            ExpectBlockEnd();
            elseBody = ParseBody(["endfor"], out _);
        }
        ExpectBlockEnd();
        return new ForStmt(offset, targets, iterable, filter, body, elseBody);
    }

    private List<string> ParseTargets()
    {
        var targets = new List<string>();
        var parenthesised = SkipOperator("(");
        do targets.Add(ExpectName());
        while (SkipOperator(","));
        if (parenthesised) ExpectOperator(")");
        return targets;
    }

    private Stmt ParseSet(int offset)
    {
        var targets = ParseTargets();
        string? attribute = null;
        if (targets.Count == 1 && SkipOperator(".")) attribute = ExpectName();
        if (SkipOperator("="))
        {
            var value = ParseTuple();
            ExpectBlockEnd();
            return new SetStmt(offset, targets, attribute, value);
        }
        if (targets.Count != 1 || attribute != null) throw Unexpected("'='");
        ExpectBlockEnd();
        var body = ParseBody(["endset"], out _);
        ExpectBlockEnd();
        return new SetBlockStmt(offset, targets[0], body);
    }

    private MacroStmt ParseMacro(int offset)
    {
        var name = ExpectName();
        var parameters = new List<string>();
        var defaults = new List<Expr?>();
        ExpectOperator("(");
        while (!SkipOperator(")"))
        {
            if (parameters.Count > 0) ExpectOperator(",");
            if (SkipOperator(")")) break;
            parameters.Add(ExpectName());
            defaults.Add(SkipOperator("=") ? ParseExpression() : null);
        }
        ExpectBlockEnd();
        var body = ParseBody(["endmacro"], out _);
        ExpectBlockEnd();
        return new MacroStmt(offset, name, parameters, defaults, body);
    }

    private BlockStmt ParseGeneration(int offset)
    {
        ExpectBlockEnd();
        var body = ParseBody(["endgeneration"], out _);
        ExpectBlockEnd();
        return new BlockStmt(offset, body);
    }

    private LoopControlStmt ParseLoopControl(JinjaToken token)
    {
        ExpectBlockEnd();
        return new LoopControlStmt(token.Offset, token.Value == "break");
    }
}
