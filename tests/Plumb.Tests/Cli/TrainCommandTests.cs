using Plumb.Cli;
using Plumb.Tests.Fixtures;
using Plumb.Tests.Training.Tasks;

namespace Plumb.Tests.Cli;

[Collection(Plumb.Tests.Training.TorchGlobalStateCollection.Name)]
public sealed class TrainCommandTests
{
    [Fact]
    public void Scratch()
    {
        string dir = TinyModels.TempDir("train");
        string data = TinyRun.WriteData(Path.Combine(dir, "data.jsonl"), 120);
        string output = Path.Combine(dir, "out");
        var (code, stdout, stderr) = Run("train", "dpo", "--model", TinyRun.Model, "--data", data, "--output", output,
            "--max-steps", "30", "--learning-rate", "1e-3", "--per-device-train-batch-size", "8",
            "--eval-split", "20", "--logging-steps", "10", "--beta", "0.1");
        Console.Error.WriteLine(stdout + "\n---\n" + stderr);
        Assert.Equal(0, code);
    }

    internal static (int Code, string Out, string Error) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = PlumbCli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
