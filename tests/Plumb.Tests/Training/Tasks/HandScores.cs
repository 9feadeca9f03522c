using Plumb.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Tests.Training.Tasks;

/// <summary>
/// A second, plain way to score a completion: the full logits of prompt ++ completion, log-softmax over the
/// vocabulary, the completion tokens picked one by one on the host.
/// </summary>
internal static class HandScores
{
    /// <summary>Per-token log p(completion token | everything before it).</summary>
    public static double[] TokenLogProbs(CausalLM model, int[] prompt, int[] completion)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        int[] all = [.. prompt, .. completion];
        var ids = tensor(all.Select(i => (long)i).ToArray(), [1, all.Length]);
        var logProbs = nn.functional.log_softmax(model.forward(ids)[0], -1).data<float>().ToArray();
        long vocab = model.Config.VocabSize;
        return completion.Select((token, k) => (double)logProbs[(prompt.Length - 1 + k) * vocab + token]).ToArray();
    }

    /// <summary>Summed log-prob of the completion.</summary>
    public static double Sum(CausalLM model, int[] prompt, int[] completion) =>
        TokenLogProbs(model, prompt, completion).Sum();
}
