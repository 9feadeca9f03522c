namespace Plumb.Data;

/// <summary>
/// One record as read from a source: column name to value, where a value is a string, bool, long, double,
/// a list of values, a dictionary of values, or null. A record that could not be parsed carries its error.
/// </summary>
public sealed record DataRecord(
    RecordOrigin Origin, IReadOnlyDictionary<string, object?> Fields, InvalidRecordException? Error = null)
{
    private static readonly Dictionary<string, object?> Empty = [];

    /// <summary>A record that could not be parsed.</summary>
    public static DataRecord Invalid(InvalidRecordException error) => new(error.Origin, Empty, error);
}
