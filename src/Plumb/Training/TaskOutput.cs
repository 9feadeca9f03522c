using static TorchSharp.torch;

namespace Plumb.Training;

/// <summary>What a task computed on one micro-batch.</summary>
/// <param name="Losses">Per-example losses, shape [batch], attached to the graph during training.</param>
/// <param name="Metrics">
/// Metric tensors under TRL's names (<c>rewards/chosen</c>, <c>logps/rejected</c>, ...): either per-example
/// values [batch] or one scalar that is the micro-batch mean. The trainer averages them over the logging interval.
/// </param>
/// <param name="Tokens">Tokens processed (all forward passes), for <c>tokens_per_second</c>.</param>
public sealed record TaskOutput(Tensor Losses, IReadOnlyDictionary<string, Tensor> Metrics, long Tokens);
