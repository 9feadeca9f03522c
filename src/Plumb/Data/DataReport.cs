namespace Plumb.Data;

/// <summary>What one load did: records read, kept, dropped by reason, truncated, and warnings.</summary>
public sealed class DataReport
{
    private readonly Dictionary<string, long> _dropped = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _firstDropped = new(StringComparer.Ordinal);

    /// <summary>The shape records were read as.</summary>
    public DataShape Shape { get; internal set; }

    /// <summary>The columns of the first record.</summary>
    public IReadOnlyList<string> Columns { get; internal set; } = [];

    /// <summary>Records read from the source, valid or not.</summary>
    public long Read { get; internal set; }

    /// <summary>Records that became examples.</summary>
    public long Kept => Read - _dropped.Values.Sum();

    /// <summary>Records dropped, by reason (an <see cref="InvalidReason"/> name or a tokenization reason).</summary>
    public IReadOnlyDictionary<string, long> Dropped => _dropped;

    /// <summary>The first message or example id for each drop reason, to find an instance.</summary>
    public IReadOnlyDictionary<string, string> FirstDropped => _firstDropped;

    /// <summary>Prompts shortened to max_prompt_length.</summary>
    public long PromptsTruncated { get; internal set; }

    /// <summary>Completions shortened to fit max_length.</summary>
    public long CompletionsTruncated { get; internal set; }

    /// <summary>Completions whose rendered conversation did not start with the rendered prompt.</summary>
    public long TemplatePrefixMismatches { get; internal set; }

    /// <summary>The first example with a template prefix mismatch.</summary>
    public string? FirstTemplatePrefixMismatch { get; internal set; }

    /// <summary>Implicit text prompts with no turn marker, cut at the last word boundary instead.</summary>
    public long UnmarkedImplicitPrompts { get; internal set; }

    /// <summary>Warnings worth showing a user, one sentence each.</summary>
    public IEnumerable<string> Warnings()
    {
        if (TemplatePrefixMismatches > 0)
            yield return $"{TemplatePrefixMismatches} completion(s) rendered a prompt different from the prompt " +
                $"alone (first: {FirstTemplatePrefixMismatch}); the chat template changes earlier turns when a " +
                "reply follows. Inspect that example and consider a training template.";
        if (UnmarkedImplicitPrompts > 0)
            yield return $"{UnmarkedImplicitPrompts} implicit prompt(s) had no turn marker such as " +
                "'\\n\\nAssistant:' and were cut at the last whitespace; give prompts their own column if wrong.";
    }

    internal void Drop(string reason, string first)
    {
        _dropped[reason] = _dropped.GetValueOrDefault(reason) + 1;
        _firstDropped.TryAdd(reason, first);
    }
}
