namespace Plumb.Templating.Jinja;

/// <summary>
/// Splits a template into text and tag tokens with jinja2's whitespace rules as transformers configures them:
/// trim_blocks and lstrip_blocks on, <c>-</c> and <c>+</c> modifiers honoured.
/// </summary>
internal sealed class JinjaLexer
{
    private static readonly string[] Operators =
        ["//", "**", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "<", ">", "=",
         "(", ")", "[", "]", "{", "}", ",", ".", ":", "|"];

    private readonly JinjaSource _source;
    private readonly string _text;
    private readonly List<JinjaToken> _tokens = [];
    private int _pos;
    private bool _lineStarting = true;

    private JinjaLexer(JinjaSource source)
    {
        _source = source;
        _text = source.Text;
    }

    public static List<JinjaToken> Tokenize(JinjaSource source)
    {
        var lexer = new JinjaLexer(source);
        lexer.Run();
        return lexer._tokens;
    }

    private void Run()
    {
        while (_pos < _text.Length)
        {
            var open = FindTagStart(_pos);
            if (open < 0)
            {
                Emit(TokenKind.Text, _text[_pos..], _pos);
                break;
            }
            EmitTextBefore(open);
            LexTag(open);
        }
        _tokens.Add(new JinjaToken(TokenKind.End, "", _text.Length));
    }

    private int FindTagStart(int from)
    {
        for (var i = _text.IndexOf('{', from); i >= 0 && i + 1 < _text.Length; i = _text.IndexOf('{', i + 1))
        {
            var next = _text[i + 1];
            if (next is '{' or '%' or '#') return i;
        }
        return -1;
    }

    // The text before a tag, stripped by '-' or by lstrip_blocks for block and comment tags.
    private void EmitTextBefore(int open)
    {
        var text = _text[_pos..open];
        var kind = _text[open + 1];
        var sign = open + 2 < _text.Length ? _text[open + 2] : '\0';
        if (sign == '-') text = text.TrimEnd();
        else if (sign != '+' && kind != '{') text = LStripBlock(text);
        if (text.Length > 0) Emit(TokenKind.Text, text, _pos);
    }

    private string LStripBlock(string text)
    {
        var lineStart = text.LastIndexOf('\n') + 1;
        if (lineStart == 0 && !_lineStarting) return text;
        for (var i = lineStart; i < text.Length; i++)
            if (text[i] is not (' ' or '\t')) return text;
        return text[..lineStart];
    }

    private void LexTag(int open)
    {
        var kind = _text[open + 1];
        _pos = open + 2;
        if (_pos < _text.Length && _text[_pos] is '-' or '+') _pos++;
        if (kind == '#') LexComment(open);
        else LexExpressionTag(open, kind == '{');
    }

    private void LexComment(int open)
    {
        var close = _text.IndexOf("#}", _pos, StringComparison.Ordinal);
        if (close < 0) throw _source.Error(open, "the comment opened here is never closed with '#}'.");
        var sign = _text[close - 1];
        _pos = close + 2;
        AfterTagEnd(sign, isBlock: true);
    }

    private void LexExpressionTag(int open, bool isVariable)
    {
        Emit(isVariable ? TokenKind.VarBegin : TokenKind.BlockBegin, "", open);
        var closer = isVariable ? '}' : '%';
        var depth = 0;
        while (true)
        {
            SkipSpaces();
            if (_pos >= _text.Length)
                throw _source.Error(open, $"the tag opened here is never closed with '{closer}}}'.");
            if (depth == 0 && TryLexTagEnd(isVariable, closer)) return;
            var c = _text[_pos];
            if (c is '"' or '\'') LexString();
            else if (char.IsDigit(c)) LexNumber();
            else if (char.IsLetter(c) || c == '_') LexName();
            else depth += LexOperator(depth);
        }
    }

    private bool TryLexTagEnd(bool isVariable, char closer)
    {
        var sign = _text[_pos] is '-' or '+' ? _text[_pos] : '\0';
        var at = sign == '\0' ? _pos : _pos + 1;
        if (at + 1 >= _text.Length || _text[at] != closer || _text[at + 1] != '}') return false;
        Emit(isVariable ? TokenKind.VarEnd : TokenKind.BlockEnd, "", _pos);
        _pos = at + 2;
        AfterTagEnd(sign, isBlock: !isVariable);
        return true;
    }

    // '-' strips all following whitespace; trim_blocks removes one newline after a block or comment.
    private void AfterTagEnd(char sign, bool isBlock)
    {
        if (sign == '-')
            while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
        else if (sign != '+' && isBlock && _pos < _text.Length && _text[_pos] == '\n')
            _pos++;
        _lineStarting = _pos > 0 && _text[_pos - 1] == '\n';
    }

    private void SkipSpaces()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    private void LexName()
    {
        var start = _pos;
        while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] == '_')) _pos++;
        Emit(TokenKind.Name, _text[start.._pos], start);
    }

    private void LexNumber()
    {
        var start = _pos;
        var isFloat = false;
        while (_pos < _text.Length && (char.IsDigit(_text[_pos]) || _text[_pos] == '_')) _pos++;
        if (_pos + 1 < _text.Length && _text[_pos] == '.' && char.IsDigit(_text[_pos + 1]))
        {
            isFloat = true;
            _pos++;
            while (_pos < _text.Length && char.IsDigit(_text[_pos])) _pos++;
        }
        if (_pos < _text.Length && _text[_pos] is 'e' or 'E')
        {
            var save = _pos++;
            if (_pos < _text.Length && _text[_pos] is '+' or '-') _pos++;
            if (_pos < _text.Length && char.IsDigit(_text[_pos]))
            {
                isFloat = true;
                while (_pos < _text.Length && char.IsDigit(_text[_pos])) _pos++;
            }
            else _pos = save;
        }
        var digits = _text[start.._pos].Replace("_", "");
        Emit(isFloat ? TokenKind.Float : TokenKind.Integer, digits, start);
    }

    private int LexOperator(int depth)
    {
        foreach (var op in Operators)
        {
            if (string.CompareOrdinal(_text, _pos, op, 0, op.Length) != 0) continue;
            Emit(TokenKind.Operator, op, _pos);
            _pos += op.Length;
            if (op is "(" or "[" or "{") return 1;
            if (op is ")" or "]" or "}") return depth > 0 ? -1 : 0;
            return 0;
        }
        throw _source.Error(_pos, $"unexpected character '{_text[_pos]}'.");
    }

    private void LexString()
    {
        var start = _pos;
        var quote = _text[_pos++];
        var sb = new System.Text.StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length) throw _source.Error(start, "the string starting here is never closed.");
            var c = _text[_pos++];
            if (c == quote) break;
            if (c != '\\' || _pos >= _text.Length)
            {
                sb.Append(c);
                continue;
            }
            AppendEscape(sb, _text[_pos++], start);
        }
        Emit(TokenKind.String, sb.ToString(), start);
    }

    // Python string-literal escapes, as jinja2 decodes them.
    private void AppendEscape(System.Text.StringBuilder sb, char e, int start)
    {
        switch (e)
        {
            case 'n': sb.Append('\n'); break;
            case 't': sb.Append('\t'); break;
            case 'r': sb.Append('\r'); break;
            case '0': sb.Append('\0'); break;
            case 'b': sb.Append('\b'); break;
            case 'f': sb.Append('\f'); break;
            case 'v': sb.Append('\v'); break;
            case 'a': sb.Append('\a'); break;
            case '\\': case '\'': case '"': sb.Append(e); break;
            case '\n': break;
            case 'x': sb.Append(ReadHex(2, start)); break;
            case 'u': sb.Append(ReadHex(4, start)); break;
            case 'U': sb.Append(ReadHex(8, start)); break;
            default: sb.Append('\\').Append(e); break;
        }
    }

    private string ReadHex(int count, int start)
    {
        if (_pos + count > _text.Length ||
            !int.TryParse(_text.AsSpan(_pos, count), System.Globalization.NumberStyles.HexNumber, null, out var code))
            throw _source.Error(start, "the string has a malformed \\x, \\u or \\U escape.");
        _pos += count;
        return char.ConvertFromUtf32(code);
    }

    private void Emit(TokenKind kind, string value, int offset) => _tokens.Add(new JinjaToken(kind, value, offset));
}
