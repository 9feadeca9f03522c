namespace Plumb.Tokenization;

/// <summary>When the Metaspace step prepends its replacement character to a piece of text.</summary>
internal enum PrependScheme
{
    /// <summary>To every piece.</summary>
    Always,

    /// <summary>Only to the piece that begins the text.</summary>
    First,

    /// <summary>Never.</summary>
    Never,
}
