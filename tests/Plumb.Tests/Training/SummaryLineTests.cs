using Plumb.Training;

namespace Plumb.Tests.Training;

public sealed class SummaryLineTests
{
    [Fact]
    public void Should_print_the_dpo_summary_in_the_documented_shape()
    {
        var record = new MetricsRecord(120, 1000, new Dictionary<string, double>
        {
            ["loss"] = 0.67123, ["grad_norm"] = 3.2, ["learning_rate"] = 4.8e-7,
            ["rewards/margins"] = 0.3149, ["rewards/accuracies"] = 0.6625, ["tokens_per_second"] = 1912,
        });

        Assert.Equal("step 120/1000 | loss 0.6712 | rewards/accuracies 0.66 | rewards/margins 0.31 | lr 4.8e-07 "
            + "| 1.9k tok/s", SummaryLine.Format(record));
    }

    [Fact]
    public void Should_skip_metrics_the_task_does_not_log()
    {
        var record = new MetricsRecord(3, 9, new Dictionary<string, double>
        {
            ["loss"] = 2.5, ["learning_rate"] = 1e-5, ["tokens_per_second"] = 950,
        });

        Assert.Equal("step 3/9 | loss 2.5000 | lr 1.0e-05 | 950 tok/s", SummaryLine.Format(record));
        Assert.Equal("2.5M", SummaryLine.Compact(2_500_000));
    }

    [Fact]
    public void Should_print_evaluation_rows_with_their_eval_keys()
    {
        var record = new MetricsRecord(200, 1000, new Dictionary<string, double>
        {
            ["eval_loss"] = 0.69314, ["eval_rewards/accuracies"] = 0.5, ["eval_runtime"] = 3.2, ["epoch"] = 0.4,
        });

        Assert.Equal("eval step 200/1000 | eval_loss 0.6931 | eval_rewards/accuracies 0.50",
            SummaryLine.FormatEval(record));
    }
}
