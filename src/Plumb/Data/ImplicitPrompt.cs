using Plumb.Templating;

namespace Plumb.Data;

/// <summary>
/// Recovers the shared prompt of implicit-prompt pairs: the common prefix of chosen and rejected, cut back to the
/// last turn boundary so that the prompt never ends mid-word or mid-turn.
/// </summary>
public static class ImplicitPrompt
{
    /// <summary>
    /// Texts that open an assistant turn in common plain-text and template formats; the prompt ends right after
    /// the last one inside the shared prefix. HH-RLHF's <c>\n\nAssistant:</c> is first.
    /// </summary>
    public static IReadOnlyList<string> AssistantMarkers { get; } =
    [
        "\n\nAssistant:",
        "<|im_start|>assistant\n",
        "<|start_header_id|>assistant<|end_header_id|>\n\n",
        "<start_of_turn>model\n",
        "<|assistant|>\n",
        "<|assistant|>",
        "[/INST]",
    ];

    /// <summary>
    /// Splits two texts into (prompt, chosen rest, rejected rest, whether a turn marker was found). Without a
    /// marker the prompt ends at the last whitespace of the shared prefix, so no word is cut.
    /// </summary>
    public static (string Prompt, string Chosen, string Rejected, bool Marked) SplitText(string chosen, string rejected)
    {
        int common = CommonPrefixLength(chosen, rejected);
        string prefix = chosen[..common];
        int cut = LastMarkerEnd(prefix);
        bool marked = cut >= 0;
        if (!marked)
            cut = Math.Max(0, prefix.LastIndexOfAny([' ', '\n', '\t']));
        return (chosen[..cut], chosen[cut..], rejected[cut..], marked);
    }

    /// <summary>
    /// Splits two conversations: the prompt is every message but the last, which must be an assistant turn in
    /// both; returns null when the messages before it differ.
    /// </summary>
    public static IReadOnlyList<ChatMessage>? SharedMessages(
        IReadOnlyList<ChatMessage> chosen, IReadOnlyList<ChatMessage> rejected)
    {
        if (chosen.Count < 1 || rejected.Count < 1)
            return null;
        var prompt = chosen.Take(chosen.Count - 1).ToList();
        return prompt.SequenceEqual(rejected.Take(rejected.Count - 1)) ? prompt : null;
    }

    private static int LastMarkerEnd(string prefix)
    {
        int best = -1;
        foreach (string marker in AssistantMarkers)
        {
            int at = prefix.LastIndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
                best = Math.Max(best, at + marker.Length);
        }
        return best;
    }

    private static int CommonPrefixLength(string a, string b) => a.AsSpan().CommonPrefixLength(b);
}
