using Plumb.Cli;
using Plumb.Models;
using Plumb.Tests.Fixtures;
using Plumb.Tests.Training;
using Plumb.Tokenization;

namespace Plumb.Tests.Cli;

[Collection(TorchGlobalStateCollection.Name)]
public sealed class QuickstartCommandTests
{
    [Fact]
    public void Should_write_metrics_plots_and_a_loadable_model_When_run_for_a_few_steps()
    {
        // Given an empty run directory
        string output = Path.Combine(TinyModels.TempDir("quickstart"), "run");

        // When quickstart runs 6 DPO steps
        var (code, stdout, stderr) = Run("quickstart", "--steps", "6", "--output", output);

        // Then it succeeds, explains the change and says where things are
        Assert.True(code == 0, stderr);
        Assert.Contains("DPO: loss sigmoid, beta 0.1, 6 steps", stdout);
        Assert.Contains("What happened on the 200 held-out pairs", stdout);
        Assert.Contains("mean log π(chosen)", stdout);
        Assert.Contains("P(polite opener)", stdout);
        Assert.Contains(Path.Combine(output, "model"), stdout);

        // And the run directory holds metrics, plots and a trained model with its tokenizer
        string dpo = Path.Combine(output, "dpo");
        var rows = File.ReadAllLines(Path.Combine(dpo, "metrics.jsonl"));
        Assert.Contains(rows, r => r.Contains("\"rewards/accuracies\"", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("\"eval_rewards/accuracies\"", StringComparison.Ordinal));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(dpo, "plots"), "*.png"));

        // And the displacement probe and the HTML report are there, the report with its plots embedded
        Assert.Contains("\"chosen_change\"", File.ReadAllText(Path.Combine(dpo, "diagnostics.jsonl")));
        string html = File.ReadAllText(Path.Combine(dpo, "report.html"));
        Assert.Contains("data:image/png;base64,", html);
        string model = Path.Combine(output, "model");
        Assert.Equal(350_976, ModelLoader.Check(model).ParameterCount);
        Assert.NotNull(HfTokenizer.Load(model).Special.EosId);
    }

    [Fact]
    public void Should_replace_its_own_earlier_run_but_refuse_a_foreign_directory()
    {
        // Given a directory an earlier quickstart wrote, and one holding someone's file
        string root = TinyModels.TempDir("quickstart-again");
        string own = Path.Combine(root, "own");
        Assert.Equal(0, Run("quickstart", "--steps", "1", "--output", own).Code);
        string foreign = Path.Combine(root, "foreign");
        Directory.CreateDirectory(foreign);
        File.WriteAllText(Path.Combine(foreign, "notes.txt"), "mine");

        // Then a second quickstart over its own directory succeeds
        Assert.Equal(0, Run("quickstart", "--steps", "1", "--output", own).Code);

        // And over the foreign one it refuses, leaving the file alone
        var (code, _, stderr) = Run("quickstart", "--steps", "1", "--output", foreign);
        Assert.Equal(1, code);
        Assert.Contains("is not empty and was not written by quickstart", stderr);
        Assert.True(File.Exists(Path.Combine(foreign, "notes.txt")));
    }

    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        int code = PlumbCli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
