namespace Plumb.Tokenization;

/// <summary>What a Split pre-tokenizer does with each match of its pattern, as Hugging Face names it.</summary>
internal enum SplitBehavior
{
    /// <summary>Drops the match.</summary>
    Removed,

    /// <summary>Keeps the match as a word of its own.</summary>
    Isolated,

    /// <summary>Joins the match to the word before it.</summary>
    MergedWithPrevious,

    /// <summary>Joins the match to the word after it.</summary>
    MergedWithNext,

    /// <summary>Joins adjacent matches into one word.</summary>
    Contiguous,
}
