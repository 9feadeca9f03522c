namespace Plumb.Tokenization;

/// <summary>Cuts text at the matches of a pattern, keeping or joining each match as its behaviour says.</summary>
internal sealed class SplitPreTokenizer(Pattern pattern, SplitBehavior behavior, bool invert) : PreTokenizer
{
    public override List<string> Apply(List<string> pieces, bool atStart)
    {
        var output = new List<string>();
        foreach (string piece in pieces) output.AddRange(Cut(piece, pattern, behavior, invert));
        return output;
    }

    /// <summary>The words of <paramref name="text"/> after cutting at each match of the pattern.</summary>
    public static List<string> Cut(string text, Pattern pattern, SplitBehavior behavior, bool invert = false)
    {
        var spans = pattern.Spans(text)
            .Select(s => (Text: text.Substring(s.Start, s.Length), IsMatch: s.Matched != invert)).ToList();
        return behavior switch
        {
            SplitBehavior.Removed => [.. spans.Where(s => !s.IsMatch).Select(s => s.Text)],
            SplitBehavior.Isolated => [.. spans.Select(s => s.Text)],
            SplitBehavior.MergedWithPrevious => JoinMatches(spans),
            SplitBehavior.MergedWithNext => Reversed(JoinMatches(Reversed(spans), prepend: true)),
            _ => JoinRuns(spans),
        };
    }

    // A match joins the word before it, unless that word is itself a match (Hugging Face's rule).
    private static List<string> JoinMatches(List<(string Text, bool IsMatch)> spans, bool prepend = false)
    {
        var words = new List<string>();
        bool previousMatch = false;
        foreach (var (span, isMatch) in spans)
        {
            if (isMatch && !previousMatch && words.Count > 0)
                words[^1] = prepend ? span + words[^1] : words[^1] + span;
            else words.Add(span);
            previousMatch = isMatch;
        }
        return words;
    }

    private static List<string> JoinRuns(List<(string Text, bool IsMatch)> spans)
    {
        var words = new List<string>();
        bool previousMatch = false;
        foreach (var (span, isMatch) in spans)
        {
            if (isMatch && previousMatch) words[^1] += span;
            else words.Add(span);
            previousMatch = isMatch;
        }
        return words;
    }

    private static List<T> Reversed<T>(List<T> items) => Enumerable.Reverse(items).ToList();
}
