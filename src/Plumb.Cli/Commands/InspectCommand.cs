using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Plumb.Models;
using Plumb.Runtime;

namespace Plumb.Cli.Commands;

/// <summary><c>plumb inspect MODEL_DIR</c>: what a Hugging Face model directory holds, checked tensor by tensor.
/// </summary>
internal static class InspectCommand
{
    public static Command Create(CliIO io)
    {
        var dir = new Argument<string>("model-dir") { Description = "A Hugging Face model directory." };
        var device = new Option<string?>("--device")
        {
            Description = "Also load the weights onto this device (cpu or cuda), reading every tensor.",
        };
        var command = new Command("inspect", "Check a model directory and show its architecture and tokens.");
        command.Arguments.Add(dir);
        command.Options.Add(device);
        command.SetAction(result => Run(io, result.GetValue(dir)!, result.GetValue(device)));
        return command;
    }

    private static int Run(CliIO io, string dir, string? deviceName)
    {
        var device = deviceName is null ? null : Devices.Resolve(deviceName);
        var clock = Stopwatch.StartNew();
        // Every tensor's name, shape and dtype is checked against config.json, without reading the data.
        var summary = ModelLoader.Check(dir);
        string loaded = "weights not read (pass --device cpu to load them)";
        if (device is not null)
        {
            using var model = ModelLoader.Load(dir, device);
            loaded = $"loaded as fp32 on {deviceName}";
        }
        var tokens = SpecialTokens.Read(dir);
        var c = summary.Config;
        var rows = new List<(string, string)>
        {
            ("directory", Path.GetFullPath(dir)),
            ("architecture", c.Architecture),
            ("model_type", c.ModelType),
            ("parameters", Count(summary.ParameterCount)),
            ("checkpoint dtype", $"{string.Join(", ", summary.Dtypes)} in {summary.Files} file(s); {loaded}"),
            ("vocabulary", c.VocabSize.ToString(CultureInfo.InvariantCulture)),
            ("context length", c.MaxPositions.ToString(CultureInfo.InvariantCulture)),
            ("layers", c.NumLayers.ToString(CultureInfo.InvariantCulture)),
            ("heads", $"{c.NumHeads} (key/value heads {c.NumKeyValueHeads}, head dim {c.HeadDim})"),
            ("hidden size", $"{c.HiddenSize} (intermediate {c.IntermediateSize})"),
            ("tied embeddings", c.TieWordEmbeddings ? "yes" : "no"),
            ("bos", tokens.Bos?.ToString() ?? "none declared"),
            ("eos", tokens.Eos?.ToString() ?? "none declared"),
            ("pad", tokens.Pad?.ToString() ?? "none declared"),
            ("time", string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds:F1} s")),
        };
        int width = rows.Max(r => r.Item1.Length);
        foreach (var (key, value) in rows)
            io.Out.WriteLine($"{key.PadRight(width)}  {value}");
        return 0;
    }

    private static string Count(long n)
    {
        var inv = CultureInfo.InvariantCulture;
        string exact = n.ToString("N0", inv);
        return n switch
        {
            >= 1_000_000_000 => string.Create(inv, $"{exact} ({n / 1e9:F2}B)"),
            >= 1_000_000 => string.Create(inv, $"{exact} ({n / 1e6:F1}M)"),
            >= 1_000 => string.Create(inv, $"{exact} ({n / 1e3:F1}K)"),
            _ => exact,
        };
    }
}
