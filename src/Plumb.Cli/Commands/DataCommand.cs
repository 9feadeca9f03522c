using System.CommandLine;
using System.Diagnostics;
using Plumb.Data;
using Plumb.Templating;
using Plumb.Tokenization;
using Spectre.Console;

namespace Plumb.Cli.Commands;

/// <summary><c>plumb data inspect FILE</c>: shape, columns, counts, length percentiles and one example.</summary>
internal static class DataCommand
{
    private static readonly Argument<string> File = new("file") { Description = "A data file or shard directory." };
    private static readonly Option<string?> Model = new("--model") { Description = "Model directory: count tokens." };
    private static readonly Option<string?> Columns = new("--columns")
    {
        Description = "Column mapping, e.g. prompt=question,chosen=response_j,rejected=response_k.",
    };
    private static readonly Option<string?> Roles = new("--roles") { Description = "Role mapping: bot=assistant." };
    private static readonly Option<string?> Shape = new("--shape")
    {
        Description = "auto (default), explicit, implicit or unpaired.",
    };
    private static readonly Option<int?> MaxLength = new("--max-length") { Description = "Prompt+completion tokens." };
    private static readonly Option<int?> MaxPromptLength = new("--max-prompt-length")
    {
        Description = "Prompt tokens.",
    };
    private static readonly Option<bool> SkipInvalid = new("--skip-invalid")
    {
        Description = "Count and skip bad records instead of stopping.",
    };

    public static Command Create(CliIO io)
    {
        var inspect = new Command("inspect", "Show shape, counts, lengths and one example as the model sees it.")
        {
            File, Model, Columns, Roles, Shape, MaxLength, MaxPromptLength, SkipInvalid,
        };
        inspect.SetAction(result => Inspect(io, result));
        return new Command("data", "Inspect preference data.") { inspect };
    }

    private static int Inspect(CliIO io, ParseResult result)
    {
        var options = Options(result);
        string path = result.GetValue(File)!;
        string? model = result.GetValue(Model);
        var tokenizer = model is null ? null : LoadTokenizer(model);
        var template = tokenizer is null ? PreviewTemplate.Instance : LoadTemplate(model!, tokenizer);
        var clock = Stopwatch.StartNew();
        var inspection = DataInspection.Run(path, options, template, tokenizer);
        Print(io, path, options, inspection, tokenizer is not null);

        // One summary line: how long the pass took and the most memory it held, which must not grow with the file.
        long peak = Process.GetCurrentProcess().PeakWorkingSet64 >> 20;
        io.Out.WriteLine($"read {inspection.Report.Read} records in {clock.Elapsed.TotalSeconds:F1} s; " +
            $"peak working set {peak} MiB");
        return 0;
    }

    private static DataOptions Options(ParseResult result)
    {
        var defaults = new DataOptions();
        return new DataOptions
        {
            Columns = ColumnMap.Parse(result.GetValue(Columns)),
            Roles = RoleMap.Parse(result.GetValue(Roles)),
            Shape = ParseShape(result.GetValue(Shape)),
            MaxLength = result.GetValue(MaxLength) ?? defaults.MaxLength,
            MaxPromptLength = result.GetValue(MaxPromptLength) ?? defaults.MaxPromptLength,
            SkipInvalid = result.GetValue(SkipInvalid),
        }.Validate();
    }

    private static DataShape ParseShape(string? text) => text?.ToLowerInvariant() switch
    {
        null or "auto" => DataShape.Auto,
        "explicit" => DataShape.Explicit,
        "implicit" => DataShape.Implicit,
        "unpaired" => DataShape.Unpaired,
        _ => throw new PlumbException($"--shape: '{text}' is not a shape; use auto, explicit, implicit or unpaired."),
    };

    internal static readonly Func<string, ITokenizer> DefaultTokenizerFactory = HfTokenizer.Load;

    /// <summary>Loads the tokenizer of a model directory; tests replace it with a fake.</summary>
    internal static Func<string, ITokenizer> TokenizerFactory { get; set; } = DefaultTokenizerFactory;

    // TODO(#3): connect to the Jinja chat-template engine (Plumb.Templating) once it is merged.
    internal static readonly Func<string, ITokenizer, IChatTemplate> DefaultTemplateFactory = (_, _) =>
        PreviewTemplate.Instance;

    /// <summary>Builds the chat template of a model directory from its tokenizer; tests replace it.</summary>
    internal static Func<string, ITokenizer, IChatTemplate> TemplateFactory { get; set; } = DefaultTemplateFactory;

    private static ITokenizer LoadTokenizer(string dir) => TokenizerFactory(dir);

    private static IChatTemplate LoadTemplate(string dir, ITokenizer tokenizer) => TemplateFactory(dir, tokenizer);

    private static void Print(CliIO io, string path, DataOptions options, DataInspection inspection, bool tokens)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(io.Out),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        var report = inspection.Report;
        console.WriteLine($"file:    {path}");
        console.WriteLine($"shape:   {report.Shape} ({(inspection.IsConversation ? "conversational" : "standard")})");
        console.WriteLine($"columns: {string.Join(", ", report.Columns)}");
        if (inspection.IsConversation && !tokens)
            console.WriteLine("template: a plain preview; pass --model to render with the model's chat template");
        console.Write(CountsTable(report));
        console.Write(LengthTable(inspection, tokens));
        if (tokens)
            console.WriteLine($"over max_length {options.MaxLength}: {inspection.OverMaxLength} example(s) " +
                $"would be truncated, {inspection.PromptTooLong} dropped (prompt alone too long).");
        foreach (string warning in report.Warnings())
            console.WriteLine($"warning: {warning}");
        if (inspection.Example is { } example)
            io.Out.Write(example);
    }

    /// <summary>Read, kept and dropped-by-reason counts, for any command that loads data.</summary>
    internal static Table CountsTable(DataReport report)
    {
        var table = new Table().AddColumn("records").AddColumn(new TableColumn("count").RightAligned());
        table.AddRow("read", report.Read.ToString());
        table.AddRow("kept", report.Kept.ToString());
        foreach (var (reason, count) in report.Dropped.OrderBy(d => d.Key, StringComparer.Ordinal))
            table.AddRow(Markup.Escape($"dropped: {reason}"), count.ToString());
        return table;
    }

    private static Table LengthTable(DataInspection inspection, bool tokens)
    {
        var table = new Table().AddColumn(tokens ? "tokens" : "characters");
        foreach (string column in new[] { "count", "p50", "p90", "p99", "max" })
            table.AddColumn(new TableColumn(column).RightAligned());
        foreach (var (name, stats) in inspection.Lengths)
        {
            table.AddRow(name, stats.Count.ToString(), stats.Percentile(50).ToString(),
                stats.Percentile(90).ToString(), stats.Percentile(99).ToString(), stats.Max.ToString());
        }
        return table;
    }

    /// <summary>A readable stand-in template for previews without a model; not any model's real format.</summary>
    private sealed class PreviewTemplate : IChatTemplate
    {
        public static readonly PreviewTemplate Instance = new();

        public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt) =>
            string.Concat(messages.Select(m => $"<|{m.Role}|>\n{m.Content}\n")) +
            (addGenerationPrompt ? "<|assistant|>\n" : "");
    }
}
