using System.CommandLine;
using TorchSharp;

namespace Plumb.Cli.Commands;

/// <summary><c>plumb version</c>: Plumb's, TorchSharp's and libtorch's versions, and the devices available.</summary>
internal static class VersionCommand
{
    public static Command Create(CliIO io)
    {
        var command = new Command("version", "Show versions and available devices.");
        command.SetAction(_ =>
        {
            string plumb = typeof(PlumbCli).Assembly.GetName().Version?.ToString() ?? "unknown";
            io.Out.WriteLine($"plumb {plumb}");
            io.Out.WriteLine($"torchsharp {typeof(torch).Assembly.GetName().Version}");
            io.Out.WriteLine($"cuda available: {torch.cuda.is_available()}");
            return 0;
        });
        return command;
    }
}
