namespace Plumb.Data;

/// <summary>Decides a dataset's shape from the columns of its first record.</summary>
public static class ShapeDetector
{
    /// <summary>
    /// Unpaired when the completion and label columns exist; explicit when prompt, chosen and rejected exist;
    /// implicit when only chosen and rejected exist. Otherwise throws, listing the columns found.
    /// </summary>
    public static DataShape Detect(DataRecord record, ColumnMap columns)
    {
        var names = record.Fields.Keys;
        if (names.Contains(columns.Completion) && names.Contains(columns.Label))
            return DataShape.Unpaired;
        if (names.Contains(columns.Chosen) && names.Contains(columns.Rejected))
            return names.Contains(columns.Prompt) ? DataShape.Explicit : DataShape.Implicit;
        throw new InvalidRecordException(InvalidReason.MissingColumn, record.Origin, null,
            $"cannot tell the data's shape: expected columns '{columns.Chosen}' and '{columns.Rejected}' " +
            $"(paired) or '{columns.Completion}' and '{columns.Label}' (unpaired), but the record has " +
            $"{Describe(names)}. Map yours with --columns, e.g. --columns chosen=response_j,rejected=response_k.");
    }

    /// <summary>Column names for a message: <c>[a, b, c]</c>.</summary>
    internal static string Describe(IEnumerable<string> names) => $"[{string.Join(", ", names)}]";
}
