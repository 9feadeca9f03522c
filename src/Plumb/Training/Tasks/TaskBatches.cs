using Plumb.Data;
using Plumb.Models;
using Plumb.Scoring;
using static TorchSharp.torch;

namespace Plumb.Training.Tasks;

/// <summary>Builds the tensors the tasks feed to a model from tokenized examples.</summary>
internal static class TaskBatches
{
    /// <summary>The device the model's parameters live on.</summary>
    public static Device DeviceOf(CausalLM model) => model.parameters().First().device;

    /// <summary>The pairs as one concatenated batch: B chosen rows, then B rejected rows.</summary>
    public static PairBatch Pairs(IReadOnlyList<TokenizedPair> pairs, long padId, Device device) =>
        PairBatch.Create(pairs.Select(p => (p.Prompt, p.Chosen, p.Rejected)).ToList(),
            padId, device);

    /// <summary>Tokens the model reads for these pairs (prompt twice, both completions).</summary>
    public static long Tokens(IReadOnlyList<TokenizedPair> pairs) =>
        pairs.Sum(p => 2L * p.Prompt.Length + p.Chosen.Length + p.Rejected.Length);

    /// <summary>Device-resident long vector of indices.</summary>
    public static Tensor Index(int[] indices, Device device) =>
        tensor(indices.Select(i => (long)i).ToArray(), device: device);
}
