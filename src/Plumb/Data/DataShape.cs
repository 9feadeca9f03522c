namespace Plumb.Data;

/// <summary>
/// How a record states a preference. Text or conversation is decided per value: a string is standard text, a
/// list of messages is conversational.
/// </summary>
public enum DataShape
{
    /// <summary>Detected from the columns: label → unpaired; prompt → explicit; else implicit.</summary>
    Auto,

    /// <summary>prompt, chosen, rejected.</summary>
    Explicit,

    /// <summary>chosen and rejected only, each a full text or conversation sharing the prompt as a prefix.</summary>
    Implicit,

    /// <summary>prompt, completion and a boolean label, for KTO and BCO.</summary>
    Unpaired,
}
