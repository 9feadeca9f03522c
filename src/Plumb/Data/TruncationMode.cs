namespace Plumb.Data;

/// <summary>Which end of an over-long prompt survives truncation.</summary>
public enum TruncationMode
{
    /// <summary>Keep the end of the prompt, nearest the completion (TRL's legacy default).</summary>
    KeepEnd,

    /// <summary>Keep the start of the prompt.</summary>
    KeepStart,
}
