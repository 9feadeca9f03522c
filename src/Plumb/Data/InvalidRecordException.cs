namespace Plumb.Data;

/// <summary>A record that cannot be used; its message names the file, line or row, and field.</summary>
public sealed class InvalidRecordException : PlumbException
{
    public InvalidRecordException(InvalidReason reason, RecordOrigin origin, string? field, string problem)
        : base(Format(origin, field, problem))
    {
        Reason = reason;
        Origin = origin;
        Field = field;
    }

    /// <summary>The reason, used to count skips.</summary>
    public InvalidReason Reason { get; }

    /// <summary>The record's file and line or row.</summary>
    public RecordOrigin Origin { get; }

    /// <summary>The column at fault, when one is.</summary>
    public string? Field { get; }

    private static string Format(RecordOrigin origin, string? field, string problem) =>
        field is null ? $"{origin}: {problem}" : $"{origin}, field '{field}': {problem}";
}
