using System.CommandLine;
using Plumb.Diagnostics;

namespace Plumb.Cli.Commands;

/// <summary><c>plumb report RUN_DIR</c>: one self-contained HTML page with the run's curves and diagnostics.</summary>
internal static class ReportCommand
{
    public static Command Create(CliIO io)
    {
        var run = new Argument<string>("run-dir") { Description = "A run directory (plumb train's output_dir)." };
        var output = new Option<string?>("--out") { Description = "HTML file (default RUN_DIR/report.html)." };
        var scores = new Option<string?>("--scores") { Description = "CHES scores from plumb ches." };
        var command = new Command("report", "Write one HTML page (plots embedded) with every diagnostic of a run.");
        command.Arguments.Add(run);
        command.Options.Add(output);
        command.Options.Add(scores);
        command.SetAction(r =>
        {
            string dir = r.GetValue(run)!;
            string path = r.GetValue(output) ?? Path.Combine(dir, "report.html");
            var (report, sections) = RunReport.Build(dir, r.GetValue(scores));
            ChesCommand.CreateParent(path);
            report.Save(path);
            io.Out.WriteLine($"wrote {path} with sections: {string.Join(", ", sections)}");
            return 0;
        });
        return command;
    }
}
