using Plumb.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Tests.Training;

/// <summary>One example of the tiny regression problem the trainer tests run on.</summary>
public sealed record Sample(string Id, float[] X, float Y);

/// <summary>
/// A test objective: squared error of a linear model, with metrics under TRL's names so the logging path
/// sees realistic keys. <c>rewards/margins</c> is the prediction, <c>rewards/accuracies</c> is |error| &lt; 1.
/// </summary>
public sealed class RegressionTask(nn.Module<Tensor, Tensor> model) : ITrainingTask<Sample>
{
    public const int Features = 4;

    /// <summary>How many optimizer steps the task has seen (its own state, saved in checkpoints).</summary>
    public int StepsSeen { get; private set; }

    public TaskOutput Forward(IReadOnlyList<Sample> batch)
    {
        var x = torch.tensor(batch.SelectMany(s => s.X).ToArray()).reshape(batch.Count, Features);
        var y = torch.tensor(batch.Select(s => s.Y).ToArray());
        var prediction = model.forward(x).squeeze(-1);
        var error = prediction - y;
        var metrics = new Dictionary<string, Tensor>
        {
            ["rewards/margins"] = prediction,
            ["rewards/accuracies"] = (error.abs() < 1).to(ScalarType.Float32),
        };
        return new TaskOutput(error.square(), metrics, batch.Count * Features);
    }

    public string IdOf(Sample example) => example.Id;

    public void AfterOptimizerStep(int step) => StepsSeen = step;

    public void SaveState(string directory) =>
        File.WriteAllText(Path.Combine(directory, "steps_seen.txt"), StepsSeen.ToString());

    public void LoadState(string directory) =>
        StepsSeen = int.Parse(File.ReadAllText(Path.Combine(directory, "steps_seen.txt")));

    /// <summary>y = 2·x0 − x1 + 0.5·x2 + 3·x3 + 1 plus noise, from a seeded generator.</summary>
    public static List<Sample> Data(int count, int seed = 7, string prefix = "row")
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i =>
        {
            var x = Enumerable.Range(0, Features).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            float y = 2 * x[0] - x[1] + 0.5f * x[2] + 3 * x[3] + 1 + (float)(random.NextDouble() * 0.1);
            return new Sample($"{prefix}-{i}", x, y);
        }).ToList();
    }

    /// <summary>A fresh linear model whose initial weights depend only on <paramref name="seed"/>.</summary>
    public static nn.Module<Tensor, Tensor> Model(int seed = 1)
    {
        torch.manual_seed(seed);
        return nn.Linear(Features, 1);
    }

    /// <summary>A two-layer model with dropout, whose training path draws from torch's generator.</summary>
    public static nn.Module<Tensor, Tensor> ModelWithDropout(int seed = 1)
    {
        torch.manual_seed(seed);
        return nn.Sequential(nn.Linear(Features, 8), nn.Dropout(0.25), nn.Linear(8, 1));
    }
}
