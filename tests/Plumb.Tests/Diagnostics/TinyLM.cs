using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Plumb.Tests.Diagnostics;

/// <summary>A test-only language model: token embedding, tanh, then a vocabulary head, in float64.</summary>
internal sealed class TinyLM : nn.Module<Tensor, Tensor>
{
    private readonly Embedding embed;
    private readonly Linear head;

    public TinyLM(int vocab = 7, int hidden = 4, int seed = 1) : base(nameof(TinyLM))
    {
        torch.manual_seed(seed);
        embed = nn.Embedding(vocab, hidden, dtype: ScalarType.Float64);
        head = nn.Linear(hidden, vocab, dtype: ScalarType.Float64);
        RegisterComponents();
    }

    /// <summary>Final hidden states [T, H] for ids [T].</summary>
    public Tensor HiddenStates(Tensor ids) => embed.forward(ids).tanh();

    public override Tensor forward(Tensor ids) => head.forward(HiddenStates(ids));

    /// <summary>Summed log-prob of the response tokens after the prompt, as a scalar with a graph.</summary>
    public Tensor SequenceLogProb(long[] prompt, long[] response)
    {
        var ids = torch.tensor(prompt.Concat(response).ToArray());
        var logProbs = forward(ids).log_softmax(-1);
        // The state at position t predicts token t + 1; the response starts at prompt.Length.
        var predicting = logProbs.narrow(0, prompt.Length - 1, response.Length);
        var targets = torch.tensor(response).unsqueeze(-1);
        return predicting.gather(-1, targets).sum();
    }
}
