using Plumb.Tokenization;

namespace Plumb.Data;

/// <summary>
/// Tokenizes rendered examples the way the model will score them: prompt ids then completion ids, BOS once at the
/// start when the model expects it, EOS once at the end of plain-text completions, truncated to fit.
/// </summary>
public sealed class ExampleTokenizer(ITokenizer tokenizer, DataOptions options)
{
    private readonly SpecialTokens _special = tokenizer.Special;

    /// <summary>Prompts shortened to <see cref="DataOptions.MaxPromptLength"/>.</summary>
    public long PromptsTruncated { get; private set; }

    /// <summary>Completions shortened to fit <see cref="DataOptions.MaxLength"/>.</summary>
    public long CompletionsTruncated { get; private set; }

    /// <summary>Prompt ids followed by each completion's ids, or a reason the example cannot fit.</summary>
    public (int[] Prompt, int[][] Completions)? Tokenize(RenderedExample example, out string? dropReason)
    {
        int[] prompt = TruncatePrompt(PromptIds(example.Prompt));
        if (prompt.Length >= options.MaxLength)
        {
            dropReason = "prompt alone reaches max_length";
            return null;
        }
        int budget = options.MaxLength - prompt.Length;
        var completions = new int[example.Completions.Count][];
        for (int i = 0; i < completions.Length; i++)
        {
            int[] ids = CompletionIds(example.Completions[i], example.IsConversation);
            if (ids.Length == 0)
            {
                dropReason = "completion has no tokens";
                return null;
            }
            completions[i] = ids.Length > budget ? ids[..budget] : ids;
            if (ids.Length > budget)
                CompletionsTruncated++;
        }
        dropReason = null;
        return (prompt, completions);
    }

    /// <summary>Encodes the prompt with exactly one leading BOS when the model expects one, none otherwise.</summary>
    public int[] PromptIds(string prompt)
    {
        var ids = tokenizer.Encode(prompt);
        if (_special.BosId is not { } bos)
            return ids;

        // A template that writes {{ bos_token }} already put BOS in the text: keep one, never two.
        int leading = 0;
        while (leading < ids.Length && ids[leading] == bos)
            leading++;
        if (!_special.AddBos)
            return leading <= 1 ? ids : ids[(leading - 1)..];
        return [bos, .. ids.AsSpan(leading)];
    }

    /// <summary>Encodes a completion; plain text gets EOS appended unless it already ends with it.</summary>
    public int[] CompletionIds(string completion, bool isConversation)
    {
        var ids = tokenizer.Encode(completion);
        if (isConversation || ids.Length == 0 || _special.EosId is not { } eos || ids[^1] == eos)
            return ids;
        return [.. ids, eos];
    }

    private int[] TruncatePrompt(int[] prompt)
    {
        if (options.MaxPromptLength is not { } max || prompt.Length <= max)
            return prompt;
        PromptsTruncated++;
        if (options.Truncation == TruncationMode.KeepStart)
            return prompt[..max];

        // Keep the end, nearest the completion, but keep a leading BOS where the model expects it.
        bool bos = _special.AddBos && _special.BosId is { } b && prompt[0] == b;
        return bos ? [prompt[0], .. prompt.AsSpan(prompt.Length - max + 1)] : prompt[^max..];
    }
}
