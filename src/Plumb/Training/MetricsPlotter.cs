namespace Plumb.Training;

/// <summary>Draws the run's curves as PNG files with ScottPlot, eval curves beside train ones.</summary>
public static class MetricsPlotter
{
    /// <summary>One chart: its file name, title and the metric keys drawn on it.</summary>
    public sealed record Chart(string FileName, string Title, IReadOnlyList<string> Keys);

    /// <summary>The charts drawn by default; a chart whose keys never appear is skipped.</summary>
    public static readonly IReadOnlyList<Chart> DefaultCharts =
    [
        new("loss.png", "loss", ["loss", "eval_loss"]),
        new("rewards_margins.png", "rewards/margins", ["rewards/margins", "eval_rewards/margins"]),
        new("rewards_accuracies.png", "rewards/accuracies", ["rewards/accuracies", "eval_rewards/accuracies"]),
        new("logps.png", "logps/chosen vs logps/rejected",
            ["logps/chosen", "logps/rejected", "eval_logps/chosen", "eval_logps/rejected"]),
        new("accuracy.png", "accuracy (reward model)", ["accuracy", "eval_accuracy"]),
        new("reward.png", "reward (reward model)", ["min_reward", "mean_reward", "max_reward", "eval_mean_reward"]),
        new("learning_rate.png", "learning_rate", ["learning_rate"]),
    ];

    /// <summary>Writes each chart that has data into <paramref name="directory"/> and returns the paths.</summary>
    public static IReadOnlyList<string> WriteAll(
        IReadOnlyList<MetricsRecord> history, string directory, int width = 800, int height = 500)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var chart in DefaultCharts)
        {
            var series = chart.Keys
                .Select(key => (Key: key, Points: history.Where(r => r.Get(key) is { } v && double.IsFinite(v))
                    .Select(r => (X: (double)r.Step, Y: r.Values[key])).ToArray()))
                .Where(s => s.Points.Length > 0)
                .ToList();
            if (series.Count == 0)
                continue;
            string path = Path.Combine(directory, chart.FileName);
            Draw(chart.Title, series, path, width, height);
            written.Add(path);
        }
        return written;
    }

    private static void Draw(
        string title, List<(string Key, (double X, double Y)[] Points)> series, string path, int width, int height)
    {
        var plot = new ScottPlot.Plot();
        foreach (var (key, points) in series)
        {
            var line = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray());
            line.LegendText = key;
        }
        plot.Title(title);
        plot.XLabel("step");
        plot.ShowLegend();
        plot.SavePng(path, width, height);
    }
}
