namespace Plumb;

/// <summary>
/// An error caused by the user's input or environment, whose message says what is wrong and what to do.
/// The CLI prints the message alone, without a stack trace.
/// </summary>
public class PlumbException : Exception
{
    public PlumbException(string message) : base(message) { }

    public PlumbException(string message, Exception inner) : base(message, inner) { }
}
