namespace Plumb.Data;

/// <summary>Why a record was rejected; the keys of <see cref="DataReport.Dropped"/> when skipping.</summary>
public enum InvalidReason
{
    MalformedJson,
    InvalidUtf8,
    MissingColumn,
    NullOrEmpty,
    IdenticalPair,
    NotBoolean,
    BadMessages,
    NoSharedPrompt,
}
