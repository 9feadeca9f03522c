namespace Plumb.Templating.Jinja;

/// <summary>Template text normalised as jinja2 loads it, with offset to line/column mapping for errors.</summary>
internal sealed class JinjaSource
{
    private readonly int[] _lineStarts;

    public JinjaSource(string text)
    {
        // jinja2 normalises newlines to "\n" and, without keep_trailing_newline, drops one final newline.
        var normalised = text.Replace("\r\n", "\n").Replace('\r', '\n');
        if (normalised.EndsWith('\n')) normalised = normalised[..^1];
        Text = normalised;
        var starts = new List<int> { 0 };
        for (var i = 0; i < normalised.Length; i++)
            if (normalised[i] == '\n') starts.Add(i + 1);
        _lineStarts = [.. starts];
    }

    public string Text { get; }

    /// <summary>The 1-based line and column of <paramref name="offset"/>.</summary>
    public (int Line, int Column) Locate(int offset)
    {
        var index = Array.BinarySearch(_lineStarts, offset);
        if (index < 0) index = ~index - 1;
        return (index + 1, offset - _lineStarts[index] + 1);
    }

    /// <summary>An error located at <paramref name="offset"/>, its message prefixed by line and column.</summary>
    public TemplateException Error(int offset, string message)
    {
        var (line, column) = Locate(offset);
        return new TemplateException($"Chat template error at line {line}, column {column}: {message}",
            line, column);
    }
}
