using System.CommandLine;
using Plumb.Cli.Commands;
using Plumb.Runtime;

namespace Plumb.Cli;

/// <summary>The <c>plumb</c> command line: builds the command tree and runs it.</summary>
public static class PlumbCli
{
    /// <summary>Runs one command line. Errors caused by input print their message alone and return 1.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        TorchRuntime.Initialize();
        if (TorchRuntime.Note is { } note)
            stderr.WriteLine(note);

        var io = new CliIO(stdout, stderr);
        var root = new RootCommand("Plumb: align causal language models with preference data, and see what it did.");
        foreach (var command in Commands(io))
            root.Subcommands.Add(command);

        var config = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            return root.Parse(args).Invoke(config);
        }
        catch (PlumbException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static IEnumerable<Command> Commands(CliIO io) =>
    [
        // Each command lives in its own file under Commands/; the order is the order of --help.
        QuickstartCommand.Create(io),
        TrainCommand.Create(io),
        ScoreCommand.Create(io),
        InspectCommand.Create(io),
        DataCommand.Create(io),
        ChesCommand.Create(io),
        FilterCommand.Create(io),
        RankCommand.Create(io),
        EntangleCommand.Create(io),
        ReportCommand.Create(io),
        ReproCommand.Create(io),
        BenchCommand.Create(io),
        DevCommand.Create(io),
        VersionCommand.Create(io),
    ];
}

/// <summary>Where commands write; tests pass string writers.</summary>
public sealed record CliIO(TextWriter Out, TextWriter Error);
