using System.CommandLine;
using System.Text.Json;
using Plumb.Data;
using Plumb.Models;
using Plumb.Runtime;
using Plumb.Tokenization;

namespace Plumb.Cli.Commands;

/// <summary>The model, data and run-directory options the diagnostics commands share, and their loading.</summary>
internal sealed class DiagnosticInputs
{
    public Option<string> Model { get; } = new("--model")
    {
        Description = "Model directory (config.json, safetensors, tokenizer.json).",
    };
    public Option<string> Data { get; } = new("--data") { Description = "Preference data file or shard folder." };
    public Option<int?> BatchSize { get; } = new("--batch-size") { Description = "Pairs per forward (default 8)." };
    public Option<string?> Device { get; } = new("--device") { Description = "cpu (default) or cuda." };
    public Option<string?> Run { get; } = new("--run")
    {
        Description = "Run directory: also write this command's results there for plumb report.",
    };
    public Option<string?> Columns { get; } = new("--columns")
    {
        Description = "Column mapping, e.g. prompt=question,chosen=response_j,rejected=response_k.",
    };
    public Option<string?> Shape { get; } = new("--shape") { Description = "auto (default), explicit, implicit." };
    public Option<int?> MaxLength { get; } = new("--max-length") { Description = "Prompt+completion tokens." };
    public Option<int?> MaxPromptLength { get; } = new("--max-prompt-length") { Description = "Prompt tokens." };
    public Option<bool> SkipInvalid { get; } = new("--skip-invalid")
    {
        Description = "Count and skip bad records instead of stopping.",
    };

    /// <summary>Adds the options to a command; <paramref name="modelRequired"/> makes --model mandatory.</summary>
    public DiagnosticInputs AddTo(Command command, bool modelRequired = true)
    {
        Model.Required = modelRequired;
        Data.Required = true;
        foreach (Option option in new Option[]
                 {
                     Model, Data, BatchSize, Device, Run, Columns, Shape, MaxLength, MaxPromptLength, SkipInvalid,
                 })
            command.Options.Add(option);
        return this;
    }

    /// <summary>Refuses an output file that is the input data: writing it would destroy the data before it is
    /// read.</summary>
    public void RefuseOverwritingData(ParseResult r, string? output, string option = "--out")
    {
        string? data = r.GetValue(Data);
        if (output is not null && data is not null
            && string.Equals(Path.GetFullPath(output), Path.GetFullPath(data), StringComparison.Ordinal))
            throw new PlumbException($"{option} {output} is the input data file; writing it would overwrite the "
                + "data. Choose another output path.");
    }

    public int Batch(ParseResult r)
    {
        int size = r.GetValue(BatchSize) ?? 8;
        return size >= 1 ? size : throw new PlumbException($"--batch-size {size}: use at least 1.");
    }

    public TorchSharp.torch.Device ResolveDevice(ParseResult r) => Devices.Resolve(r.GetValue(Device) ?? "cpu");

    public DataOptions DataOptions(ParseResult r)
    {
        var defaults = new DataOptions();
        return new DataOptions
        {
            Columns = ColumnMap.Parse(r.GetValue(Columns)),
            Shape = ParseShape(r.GetValue(Shape)),
            MaxLength = r.GetValue(MaxLength) ?? defaults.MaxLength,
            MaxPromptLength = r.GetValue(MaxPromptLength) ?? defaults.MaxPromptLength,
            SkipInvalid = r.GetValue(SkipInvalid),
        }.Validate();
    }

    /// <summary>Tokenizes every pair of --data in file order (no shuffle, no split) with --model's tokenizer.</summary>
    public LoadedPairs LoadPairs(ParseResult r, string modelDir)
    {
        var tokenizer = HfTokenizer.Load(modelDir);
        // The chat template comes from the same place plumb train and plumb score take it.
        var options = DataOptions(r);
        var template = ScoreCommand.Template(modelDir, tokenizer, options);
        var pipeline = new PreferencePipeline(options, template, tokenizer);
        string path = r.GetValue(Data)!;
        var pairs = pipeline.Pairs(path).ToList();
        if (pairs.Count == 0)
            throw new PlumbException($"{path}: no pair survived loading ({pipeline.Report.Read} records read); "
                + "check the columns with plumb data inspect.");
        return new LoadedPairs(tokenizer, pairs, pipeline.Report, ScoreCommand.PadId(tokenizer));
    }

    /// <summary>Loads --model onto --device.</summary>
    public CausalLM LoadModel(ParseResult r, string? dir = null) =>
        ModelLoader.Load(dir ?? r.GetValue(Model)!, ResolveDevice(r));

    /// <summary>Writes a JSON result into --run when given; returns the path written, or null.</summary>
    public string? SaveToRun<T>(ParseResult r, string fileName, T value)
    {
        if (r.GetValue(Run) is not { } run)
            return null;
        Directory.CreateDirectory(run);
        string path = Path.Combine(run, fileName);
        File.WriteAllText(path, JsonSerializer.Serialize(value, JsonOptions));
        return path;
    }

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static DataShape ParseShape(string? text) => text?.ToLowerInvariant() switch
    {
        null or "auto" => DataShape.Auto,
        "explicit" => DataShape.Explicit,
        "implicit" => DataShape.Implicit,
        _ => throw new PlumbException($"--shape: '{text}' is not a paired shape; use auto, explicit or implicit."),
    };
}

/// <summary>Tokenized pairs in file order, with the tokenizer, the load report and the pad id.</summary>
internal sealed record LoadedPairs(ITokenizer Tokenizer, List<TokenizedPair> Pairs, DataReport Report, long PadId);
