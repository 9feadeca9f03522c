namespace Plumb.Data;

/// <summary>Where a record came from: its file and its line (JSONL) or row (JSON array, Parquet).</summary>
/// <param name="File">Path of the file the record was read from.</param>
/// <param name="Unit">"line" or "row".</param>
/// <param name="Number">One-based line or row number.</param>
public sealed record RecordOrigin(string File, string Unit, long Number)
{
    /// <summary>A short, stable example id: file name and number, e.g. <c>train.jsonl:12</c>.</summary>
    public string Id => $"{Path.GetFileName(File)}:{Number}";

    /// <summary>Reads as a place in a message: <c>data/train.jsonl line 12</c>.</summary>
    public override string ToString() => $"{File} {Unit} {Number}";
}
