using Plumb.Data;
using Plumb.Models;
using Plumb.Tokenization;

namespace Plumb.Synthetic;

/// <summary>How much probability a model puts on opening its answer politely rather than rudely.</summary>
public static class ToneProbe
{
    /// <summary>
    /// Mean over <paramref name="prompts"/> of P(polite opener) / (P(polite opener) + P(rude opener)), each side
    /// summed over the <see cref="TinyWorld"/> openers; 0.5 means indifferent, 1 always polite.
    /// </summary>
    public static double PoliteShare(CausalLM model, ITokenizer tokenizer, IEnumerable<string> prompts, long padId)
    {
        var shares = new List<double>();
        foreach (string prompt in prompts.Distinct())
        {
            int[] ids = tokenizer.Encode(prompt);
            var pairs = TinyWorld.PoliteOpeners.Zip(TinyWorld.RudeOpeners, (polite, rude) => new TokenizedPair(
                polite, ids, tokenizer.Encode(" " + polite), tokenizer.Encode(" " + rude))).ToList();
            var (p, r) = PairScores.Compute(model, pairs, padId);
            double polite = p.Sum(Math.Exp), rudeMass = r.Sum(Math.Exp);
            shares.Add(polite / (polite + rudeMass));
        }
        return shares.Count == 0 ? double.NaN : shares.Average();
    }
}
