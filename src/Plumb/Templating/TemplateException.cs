namespace Plumb.Templating;

/// <summary>A chat template failed to parse or render; the message names the template line and column.</summary>
public sealed class TemplateException : PlumbException
{
    public TemplateException(string message, int line, int column, bool raisedByTemplate = false)
        : base(message)
    {
        Line = line;
        Column = column;
        RaisedByTemplate = raisedByTemplate;
    }

    /// <summary>The 1-based template line where the error happened, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>The 1-based template column where the error happened, or 0 when unknown.</summary>
    public int Column { get; }

    /// <summary>True when the template itself called <c>raise_exception</c>.</summary>
    public bool RaisedByTemplate { get; }
}
