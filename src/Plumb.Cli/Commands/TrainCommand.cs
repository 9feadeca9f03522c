using System.CommandLine;
using System.Globalization;
using Plumb.Data;
using Plumb.Models;
using Plumb.Objectives;
using Plumb.Runtime;
using Plumb.Tokenization;
using Plumb.Training;
using Plumb.Training.Reference;
using Plumb.Training.Tasks;
using Spectre.Console;

namespace Plumb.Cli.Commands;

/// <summary>
/// <c>plumb train METHOD --model M --data D --output OUT [...]</c>: DPO and its family, SFT, KTO and BCO, with
/// options from a YAML recipe (<c>--config</c>) and the command line; the output directory ends as a Hugging Face
/// model with its tokenizer.
/// </summary>
internal static class TrainCommand
{
    /// <summary>Keys taken under another spelling: --loss, --output and --resume.</summary>
    private static readonly HashSet<string> Aliased = ["loss_type", "output_dir", "resume_from_checkpoint", "method"];

    public static Command Create(CliIO io)
    {
        var method = new Argument<string>("method")
        {
            Description = "What to train: " + string.Join(", ", RunMethods.Names) + ".",
        };
        var config = new Option<string?>("--config") { Description = "A YAML recipe of run and training keys." };
        var loss = new Option<string?>("--loss", "--loss-type") { Description = "Loss names, e.g. sigmoid,sft." };
        var output = new Option<string?>("--output", "--output-dir") { Description = "The run directory." };
        var resume = new Option<string?>("--resume")
        {
            Description = "Continue from the latest checkpoint, or the one named.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var keys = RunRecipeKeys.All.Select(k => k.Name)
            .Concat(TrainingOptionKeys.All.Select(k => k.Name))
            .Where(k => !Aliased.Contains(k))
            .Select(ScoreCommand.KeyOption).ToList();
        var command = new Command("train", "Train a model: " + string.Join(", ", RunMethods.Names) + ".")
        {
            method, config, loss, output, resume,
        };
        foreach (var option in keys)
            command.Options.Add(option);
        DisplacementTracking.AddTo(command);
        command.SetAction(result =>
        {
            var given = ScoreCommand.Given(result, [loss, output, .. keys]);
            given = given.Select(g => g.Key switch
            {
                "loss" => new KeyValuePair<string, string>("loss_type", g.Value),
                "output" => new("output_dir", g.Value),
                _ => g,
            }).ToList();
            if (result.GetResult(resume) is { Implicit: false })
                given.Add(new("resume_from_checkpoint", result.GetValue(resume) ?? "latest"));
            return Run(io, result.GetValue(method)!, result.GetValue(config), given, DisplacementTracking.From(result));
        });
        return command;
    }

    private static int Run(CliIO io, string method, string? config,
        List<KeyValuePair<string, string>> given, DisplacementTracking? tracking)
    {
        var plan = TrainPlan.Resolve(method, config, given);
        if (tracking is not null && RunMethods.IsReward(plan.Recipe.Method))
            throw new PlumbException("--track-displacement follows the log-probs of a language model; a reward "
                + "model has none. Remove it, and check the reward model with its eval accuracy instead.");
        var console = Console(io);
        // Beside a live progress bar, lines go through Spectre so they print above it; elsewhere as they are.
        Action<string> writeLine = console.Profile.Capabilities.Interactive
            ? line => console.WriteLine(line, Style.Plain)
            : io.Out.WriteLine;
        using var run = TrainRun.Prepare(plan, writeLine, console, tracking);
        return run.Execute();
    }

    /// <summary>A console on <paramref name="io"/>: live widgets only when it is the interactive terminal.
    /// </summary>
    private static IAnsiConsole Console(CliIO io)
    {
        bool terminal = ReferenceEquals(io.Out, System.Console.Out) && !System.Console.IsOutputRedirected;
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(io.Out),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
    }
}
