namespace Plumb.Templating.Jinja;

/// <summary>The kinds of token the Jinja lexer produces.</summary>
internal enum TokenKind
{
    Text, VarBegin, VarEnd, BlockBegin, BlockEnd,
    Name, String, Integer, Float, Operator, End,
}

/// <summary>One lexed token; <see cref="Offset"/> is its position in the normalised source.</summary>
internal readonly record struct JinjaToken(TokenKind Kind, string Value, int Offset)
{
    public bool Is(TokenKind kind, string value) => Kind == kind && Value == value;

    public override string ToString() => Kind switch
    {
        TokenKind.End => "end of template",
        TokenKind.VarEnd => "'}}'",
        TokenKind.BlockEnd => "'%}'",
        TokenKind.String => "string",
        _ => $"'{Value}'",
    };
}
