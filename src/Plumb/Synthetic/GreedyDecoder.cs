using Plumb.Models;
using Plumb.Tokenization;
using TorchSharp;

namespace Plumb.Synthetic;

/// <summary>Greedy decoding without a cache: enough to show what a tiny model answers.</summary>
// TODO(#4): a KV cache and sampling belong to a real generation API; this re-runs the whole prefix per token.
public static class GreedyDecoder
{
    /// <summary>The completion the model writes after <paramref name="prompt"/>, up to EOS or the limit.</summary>
    public static string Complete(CausalLM model, ITokenizer tokenizer, string prompt, int maxNewTokens = 24)
    {
        var ids = tokenizer.Encode(prompt).Select(i => (long)i).ToList();
        int start = ids.Count;
        int? eos = tokenizer.Special.EosId;
        bool training = model.training;
        model.eval();
        using (torch.no_grad())
        {
            var device = model.parameters().First().device;
            for (int i = 0; i < maxNewTokens && ids.Count < model.Config.MaxPositions; i++)
            {
                using var scope = torch.NewDisposeScope();
                var input = torch.tensor(ids.ToArray(), [1, ids.Count], device: device);
                var hidden = model.HiddenStates(input).narrow(1, ids.Count - 1, 1);
                long next = model.Logits(hidden).argmax(-1).cpu().item<long>();
                if (next == eos)
                    break;
                ids.Add(next);
            }
        }
        model.train(training);
        return tokenizer.Decode(ids.Skip(start).Select(i => (int)i));
    }
}
