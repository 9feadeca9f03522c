using System.Text;
using Plumb.Templating;
using Plumb.Tokenization;

namespace Plumb.Data;

/// <summary>
/// One streaming pass over a dataset for <c>plumb data inspect</c>: counts, length percentiles in bounded memory
/// (characters, or tokens when a tokenizer is given), and the first example as the model will see it.
/// </summary>
public sealed class DataInspection
{
    /// <summary>The mark printed between the prompt and the completion in <see cref="Example"/>.</summary>
    public const string Boundary = "▌";

    private DataInspection(DataReport report) => Report = report;

    /// <summary>Read, kept, dropped and warnings.</summary>
    public DataReport Report { get; }

    /// <summary>Whether the data is conversational (templated).</summary>
    public bool IsConversation { get; private set; }

    /// <summary>Length statistics by part: prompt, chosen, rejected, or prompt, completion.</summary>
    public IReadOnlyList<(string Name, LengthStats Stats)> Lengths { get; private set; } = [];

    /// <summary>Examples whose prompt + longest completion exceeds max_length (tokens only).</summary>
    public long OverMaxLength { get; private set; }

    /// <summary>Examples whose truncated prompt alone reaches max_length, to be dropped (tokens only).</summary>
    public long PromptTooLong { get; private set; }

    /// <summary>The first kept example, each completion shown after its prompt with <see cref="Boundary"/>.</summary>
    public string? Example { get; private set; }

    /// <summary>Reads <paramref name="path"/> once; memory does not grow with the file's size.</summary>
    public static DataInspection Run(string path, DataOptions options, IChatTemplate? template, ITokenizer? tokenizer)
    {
        var pipeline = new PreferencePipeline(options, template);
        var ids = tokenizer is null ? null : new ExampleTokenizer(tokenizer, options);
        var inspection = new DataInspection(pipeline.Report);
        var stats = new List<(string, LengthStats)>();
        foreach (var example in pipeline.Render(path))
        {
            if (stats.Count == 0)
                stats = Parts(example).Select((name, i) => (name, new LengthStats(seed: i))).ToList();
            inspection.Add(example, ids, options, stats, tokenizer);
        }
        inspection.Lengths = stats;
        return inspection;
    }

    private void Add(RenderedExample example, ExampleTokenizer? ids, DataOptions options,
        List<(string Name, LengthStats Stats)> stats, ITokenizer? tokenizer)
    {
        IsConversation = example.IsConversation;
        if (ids is null)
        {
            stats[0].Stats.Add(example.Prompt.Length);
            for (int i = 0; i < example.Completions.Count; i++)
                stats[i + 1].Stats.Add(example.Completions[i].Length);
            Example ??= Show(example, example.Prompt, example.Completions);
            return;
        }

        int[] prompt = ids.PromptIds(example.Prompt);
        var completions = example.Completions.Select(c => ids.CompletionIds(c, example.IsConversation)).ToList();
        stats[0].Stats.Add(prompt.Length);
        for (int i = 0; i < completions.Count; i++)
            stats[i + 1].Stats.Add(completions[i].Length);
        int kept = Math.Min(prompt.Length, options.MaxPromptLength ?? int.MaxValue);
        if (kept >= options.MaxLength)
            PromptTooLong++;
        else if (prompt.Length + completions.Max(c => c.Length) > options.MaxLength)
            OverMaxLength++;
        Example ??= Show(example, tokenizer!.Decode(prompt), completions.Select(c => tokenizer.Decode(c)).ToList(),
            $"{prompt.Length} prompt tokens");
    }

    private static string[] Parts(RenderedExample example) =>
        example.Label is null ? ["prompt", "chosen", "rejected"] : ["prompt", "completion"];

    private static string Show(RenderedExample example, string prompt, IReadOnlyList<string> completions,
        string? note = null)
    {
        var text = new StringBuilder();
        string[] parts = Parts(example);
        for (int i = 0; i < completions.Count; i++)
        {
            string label = example.Label is { } l ? $"completion, label {(l ? "true" : "false")}" : parts[i + 1];
            text.AppendLine($"── example {example.Id}, {label}; the completion starts at {Boundary}" +
                (note is null ? "" : $" ({note})") + " ──");
            text.Append(prompt).Append(Boundary).Append(completions[i]);
            text.AppendLine();
        }
        return text.ToString();
    }
}
