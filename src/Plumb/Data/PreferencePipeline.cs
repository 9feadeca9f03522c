using Plumb.Data.Sources;
using Plumb.Templating;
using Plumb.Tokenization;

namespace Plumb.Data;

/// <summary>
/// Reads, validates, renders and tokenizes preference data lazily, one record at a time, filling
/// <see cref="Report"/> as it goes. Each enumeration should run once per pipeline.
/// </summary>
public sealed class PreferencePipeline
{
    private readonly DataOptions _options;
    private readonly ExampleRenderer _renderer;
    private readonly ExampleTokenizer? _tokenizer;

    /// <summary>Creates a pipeline; the template renders conversations, the tokenizer is needed for ids.</summary>
    public PreferencePipeline(DataOptions options, IChatTemplate? template = null, ITokenizer? tokenizer = null)
    {
        _options = options.Validate();
        _renderer = new ExampleRenderer(template);
        _tokenizer = tokenizer is null ? null : new ExampleTokenizer(tokenizer, _options);
    }

    /// <summary>Counts of what the last enumeration read, kept and dropped.</summary>
    public DataReport Report { get; } = new();

    /// <summary>Validated examples; invalid records throw, or are counted and skipped with SkipInvalid.</summary>
    public IEnumerable<PreferenceExample> Examples(string path)
    {
        ExampleReader? reader = null;
        foreach (var record in RecordSource.Read(path))
        {
            Report.Read++;
            PreferenceExample? example = null;
            try
            {
                reader ??= Reader(record);
                example = reader.Read(record);
            }
            catch (InvalidRecordException e) when (_options.SkipInvalid)
            {
                Report.Drop(e.Reason.ToString(), e.Message);
            }
            if (reader is not null)
                Report.UnmarkedImplicitPrompts = reader.UnmarkedImplicitPrompts;
            if (example is not null)
                yield return example;
        }
    }

    /// <summary>Examples rendered to the text the model reads.</summary>
    public IEnumerable<RenderedExample> Render(string path)
    {
        foreach (var example in Examples(path))
        {
            var rendered = _renderer.Render(example);
            Report.TemplatePrefixMismatches = _renderer.PrefixMismatches;
            Report.FirstTemplatePrefixMismatch = _renderer.FirstMismatchId;
            yield return rendered;
        }
    }

    /// <summary>Tokenized preference pairs; throws when the data is unpaired.</summary>
    public IEnumerable<TokenizedPair> Pairs(string path) =>
        Tokenized(path, DataShape.Unpaired, "pairs", (e, p, c) => new TokenizedPair(e.Id, p, c[0], c[1]));

    /// <summary>Tokenized unpaired examples; throws when the data is paired.</summary>
    public IEnumerable<TokenizedUnpaired> Unpaired(string path) =>
        Tokenized(path, DataShape.Explicit, "unpaired examples",
            (e, p, c) => new TokenizedUnpaired(e.Id, p, c[0], e.Label!.Value));

    private IEnumerable<T> Tokenized<T>(
        string path, DataShape wrong, string what, Func<RenderedExample, int[], int[][], T> make)
    {
        var tokenizer = _tokenizer ?? throw new InvalidOperationException("Pass a tokenizer to tokenize.");
        foreach (var example in Render(path))
        {
            if (Report.Shape == wrong || (wrong == DataShape.Explicit && Report.Shape == DataShape.Implicit))
                throw new PlumbException($"{path}: the data is {Report.Shape}, not {what}; " +
                    "use the matching trainer or set --shape.");
            var ids = tokenizer.Tokenize(example, out string? reason);
            Report.PromptsTruncated = tokenizer.PromptsTruncated;
            Report.CompletionsTruncated = tokenizer.CompletionsTruncated;
            if (ids is null)
                Report.Drop(reason!, example.Id);
            else
                yield return make(example, ids.Value.Prompt, ids.Value.Completions);
        }
    }

    private ExampleReader Reader(DataRecord record)
    {
        if (record.Error is { } error)
            throw error;
        var shape = _options.Shape == DataShape.Auto ? ShapeDetector.Detect(record, _options.Columns) : _options.Shape;
        Report.Shape = shape;
        Report.Columns = [.. record.Fields.Keys];
        return new ExampleReader(shape, _options);
    }
}
