using System.Globalization;

namespace Plumb.Templating.Jinja;

// Expressions, from the loosest binding (inline if) to the tightest (literals and postfix access).
internal sealed partial class JinjaParser
{
    private static readonly HashSet<string> CompareOps = ["==", "!=", "<", ">", "<=", ">="];

    // An expression or an unparenthesised tuple, as allowed on the right of `set`.
    private Expr ParseTuple()
    {
        var first = ParseExpression();
        if (!AtOperator(",")) return first;
        var items = new List<Expr> { first };
        while (SkipOperator(",")) items.Add(ParseExpression());
        return new ListExpr(first.Offset, items, IsTuple: true);
    }

    private Expr ParseExpression(bool allowCondition = true) =>
        allowCondition ? ParseConditional() : ParseOr();

    private Expr ParseConditional()
    {
        var expr = ParseOr();
        while (AtName("if"))
        {
            var offset = Next().Offset;
            var test = ParseOr();
            Expr? otherwise = SkipName("else") ? ParseConditional() : null;
            expr = new CondExpr(offset, test, expr, otherwise);
        }
        return expr;
    }

    private Expr ParseOr()
    {
        var left = ParseAnd();
        while (AtName("or")) left = new BinaryExpr(Next().Offset, "or", left, ParseAnd());
        return left;
    }

    private Expr ParseAnd()
    {
        var left = ParseNot();
        while (AtName("and")) left = new BinaryExpr(Next().Offset, "and", left, ParseNot());
        return left;
    }

    private Expr ParseNot()
    {
        if (!AtName("not")) return ParseCompare();
        var offset = Next().Offset;
        return new UnaryExpr(offset, "not", ParseNot());
    }

    private Expr ParseCompare()
    {
        var first = ParseMath1();
        var rest = new List<(string, Expr)>();
        while (true)
        {
            if (Current.Kind == TokenKind.Operator && CompareOps.Contains(Current.Value))
                rest.Add((Next().Value, ParseMath1()));
            else if (SkipName("in"))
                rest.Add(("in", ParseMath1()));
            else if (AtName("not") && _tokens[_index + 1].Is(TokenKind.Name, "in"))
            {
                _index += 2;
                rest.Add(("notin", ParseMath1()));
            }
            else break;
        }
        return rest.Count == 0 ? first : new CompareExpr(first.Offset, first, rest);
    }

    private Expr ParseMath1()
    {
        var left = ParseConcat();
        while (AtOperator("+") || AtOperator("-"))
        {
            var op = Next();
            left = new BinaryExpr(op.Offset, op.Value, left, ParseConcat());
        }
        return left;
    }

    private Expr ParseConcat()
    {
        var left = ParseMath2();
        while (AtOperator("~"))
        {
            var op = Next();
            left = new BinaryExpr(op.Offset, "~", left, ParseMath2());
        }
        return left;
    }

    private Expr ParseMath2()
    {
        var left = ParsePow();
        while (AtOperator("*") || AtOperator("/") || AtOperator("//") || AtOperator("%"))
        {
            var op = Next();
            left = new BinaryExpr(op.Offset, op.Value, left, ParsePow());
        }
        return left;
    }

    private Expr ParsePow()
    {
        var left = ParseUnary(withFilter: true);
        while (AtOperator("**"))
        {
            var op = Next();
            left = new BinaryExpr(op.Offset, "**", left, ParseUnary(withFilter: true));
        }
        return left;
    }

    private Expr ParseUnary(bool withFilter)
    {
        Expr node;
        if (AtOperator("-") || AtOperator("+"))
        {
            var op = Next();
            node = new UnaryExpr(op.Offset, op.Value, ParseUnary(withFilter: false));
        }
        else node = ParsePostfix(ParsePrimary());
        return withFilter ? ParseFilters(node) : node;
    }

    private Expr ParsePrimary()
    {
        var token = Next();
        switch (token.Kind)
        {
            case TokenKind.Name:
                return token.Value switch
                {
                    "true" or "True" => new ConstExpr(token.Offset, true),
                    "false" or "False" => new ConstExpr(token.Offset, false),
                    "none" or "None" => new ConstExpr(token.Offset, null),
                    _ => new NameExpr(token.Offset, token.Value),
                };
            case TokenKind.String:
                var text = token.Value;
                while (Current.Kind == TokenKind.String) text += Next().Value;
                return new ConstExpr(token.Offset, text);
            case TokenKind.Integer:
                if (!long.TryParse(token.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var i))
                    throw _source.Error(token.Offset, $"the integer {token.Value} is too large.");
                return new ConstExpr(token.Offset, i);
            case TokenKind.Float:
                return new ConstExpr(token.Offset, double.Parse(token.Value, CultureInfo.InvariantCulture));
            case TokenKind.Operator when token.Value == "(":
                return ParseParenthesised(token.Offset);
            case TokenKind.Operator when token.Value == "[":
                return new ListExpr(token.Offset, ParseSequence("]"));
            case TokenKind.Operator when token.Value == "{":
                return ParseDict(token.Offset);
        }
        _index--;
        throw Unexpected("an expression");
    }

    private Expr ParseParenthesised(int offset)
    {
        if (SkipOperator(")")) return new ListExpr(offset, [], IsTuple: true);
        var first = ParseExpression();
        if (SkipOperator(")")) return first;
        ExpectOperator(",");
        var items = new List<Expr> { first };
        items.AddRange(ParseSequence(")"));
        return new ListExpr(offset, items, IsTuple: true);
    }

    private List<Expr> ParseSequence(string close)
    {
        var items = new List<Expr>();
        while (!SkipOperator(close))
        {
            if (items.Count > 0) ExpectOperator(",");
            if (SkipOperator(close)) break;
            items.Add(ParseExpression());
        }
        return items;
    }

    private DictExpr ParseDict(int offset)
    {
        var items = new List<(Expr, Expr)>();
        while (!SkipOperator("}"))
        {
            if (items.Count > 0) ExpectOperator(",");
            if (SkipOperator("}")) break;
            var key = ParseExpression();
            ExpectOperator(":");
            items.Add((key, ParseExpression()));
        }
        return new DictExpr(offset, items);
    }

    private Expr ParsePostfix(Expr node)
    {
        while (true)
        {
            if (AtOperator("."))
            {
                var dot = Next();
                var name = Current.Kind is TokenKind.Name or TokenKind.Integer ? Next().Value
                    : throw Unexpected("an attribute name");
                node = new AttrExpr(dot.Offset, node, name);
            }
            else if (AtOperator("[")) node = ParseSubscript(node, Next().Offset);
            else if (AtOperator("(")) node = new CallExpr(Next().Offset, node, ParseArguments());
            else return node;
        }
    }

    private Expr ParseSubscript(Expr target, int offset)
    {
        Expr? start = AtOperator(":") ? null : ParseExpression();
        if (SkipOperator("]")) return new ItemExpr(offset, target, start!);
        ExpectOperator(":");
        Expr? stop = AtOperator("]") || AtOperator(":") ? null : ParseExpression();
        Expr? step = null;
        if (SkipOperator(":") && !AtOperator("]")) step = ParseExpression();
        ExpectOperator("]");
        return new SliceExpr(offset, target, start, stop, step);
    }

    // Arguments after an opening parenthesis, up to and including the closing one.
    private Arguments ParseArguments()
    {
        var positional = new List<Expr>();
        var named = new List<(string, Expr)>();
        while (!SkipOperator(")"))
        {
            if (positional.Count + named.Count > 0) ExpectOperator(",");
            if (SkipOperator(")")) break;
            if (Current.Kind == TokenKind.Name && _tokens[_index + 1].Is(TokenKind.Operator, "="))
            {
                var name = Next().Value;
                _index++;
                named.Add((name, ParseExpression()));
            }
            else if (named.Count > 0)
                throw _source.Error(Current.Offset, "a positional argument follows a keyword argument.");
            else positional.Add(ParseExpression());
        }
        return new Arguments(positional, named);
    }

    private Expr ParseFilters(Expr node)
    {
        while (true)
        {
            if (AtOperator("|"))
            {
                var bar = Next();
                var name = ExpectName();
                if (!JinjaFilters.Exists(name))
                    throw _source.Error(bar.Offset, $"no filter named '{name}'.");
                var args = SkipOperator("(") ? ParseArguments() : Arguments.None;
                node = new FilterExpr(bar.Offset, node, name, args);
            }
            else if (AtName("is")) node = ParseTest(node, Next().Offset);
            else if (AtOperator("(")) node = new CallExpr(Next().Offset, node, ParseArguments());
            else return node;
        }
    }

    private TestExpr ParseTest(Expr node, int offset)
    {
        var negated = SkipName("not");
        var nameOffset = Current.Offset;
        var name = ExpectName();
        if (!JinjaTests.Exists(name)) throw _source.Error(nameOffset, $"no test named '{name}'.");
        var args = Arguments.None;
        if (SkipOperator("(")) args = ParseArguments();
        else if (StartsTestArgument())
            args = new Arguments([ParsePostfix(ParsePrimary())], []);
        return new TestExpr(offset, node, name, args, negated);
    }

    private bool StartsTestArgument()
    {
        var t = Current;
        if (t.Kind is TokenKind.String or TokenKind.Integer or TokenKind.Float) return true;
        if (t.Kind == TokenKind.Name) return t.Value is not ("else" or "or" or "and" or "if");
        return t.Is(TokenKind.Operator, "[") || t.Is(TokenKind.Operator, "{");
    }
}
