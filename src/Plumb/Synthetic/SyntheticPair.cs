namespace Plumb.Synthetic;

/// <summary>Why a synthetic pair's rejected answer is worse than its chosen one.</summary>
public enum PairKind
{
    /// <summary>The same true statement, opened rudely instead of politely.</summary>
    Rude,

    /// <summary>The same polite opener, stating another animal's value: a false statement.</summary>
    Wrong,
}

/// <summary>One preference pair in TRL's standard (plain-text) format, with the reason it was built.</summary>
/// <param name="Prompt">"Question: ...\nAnswer:".</param>
/// <param name="Chosen">A polite, true answer, starting with a space.</param>
/// <param name="Rejected">The chosen answer with one thing changed, as <paramref name="Kind"/> says.</param>
/// <param name="Kind">What was changed.</param>
public sealed record SyntheticPair(string Prompt, string Chosen, string Rejected, PairKind Kind);
