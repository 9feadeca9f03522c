using Plumb.Data;

namespace Plumb.Synthetic;

/// <summary>
/// Builds the bundled preference set: every chosen answer is polite and true; its rejected twin differs in
/// exactly one visible place, a rude opener (<see cref="PairKind.Rude"/>) or a false last word
/// (<see cref="PairKind.Wrong"/>).
/// </summary>
public static class PreferenceGenerator
{
    /// <summary>
    /// Draws disjoint train and test splits, half of each kind, the same for the same seed.
    /// </summary>
    /// <param name="train">Train pairs; even, so both kinds have the same count.</param>
    /// <param name="test">Held-out pairs; even.</param>
    /// <param name="seed">Seed of the draw.</param>
    public static (IReadOnlyList<SyntheticPair> Train, IReadOnlyList<SyntheticPair> Test) Generate(
        int train, int test, int seed)
    {
        if (train < 2 || test < 2 || train % 2 != 0 || test % 2 != 0)
            throw new PlumbException($"preference split sizes {train} and {test}: use even counts of 2 or more, " +
                "so that both kinds of pair are equally represented.");
        var random = new SplitMix64((ulong)(uint)seed);
        var rude = Drawn(AllPairs(PairKind.Rude), (train + test) / 2, random);
        var wrong = Drawn(AllPairs(PairKind.Wrong), (train + test) / 2, random);
        var testPairs = Interleave(rude[..(test / 2)], wrong[..(test / 2)]);
        var trainPairs = Interleave(rude[(test / 2)..], wrong[(test / 2)..]);
        return (trainPairs, testPairs);
    }

    /// <summary>Every distinct pair of a kind the world allows, in a fixed order.</summary>
    public static IReadOnlyList<SyntheticPair> AllPairs(PairKind kind)
    {
        var pairs = new List<SyntheticPair>();
        foreach (var relation in TinyWorld.Relations)
            for (int a = 0; a < TinyWorld.Animals.Count; a++)
                foreach (string form in relation.Questions)
                    foreach (string polite in TinyWorld.PoliteOpeners)
                        pairs.AddRange(Twins(relation, a, form, polite, kind));
        return pairs;
    }

    private static IEnumerable<SyntheticPair> Twins(
        Relation relation, int animal, string form, string polite, PairKind kind)
    {
        string name = TinyWorld.Animals[animal];
        string prompt = TinyWorld.Prompt(string.Format(form, name));
        string truth = relation.State(name, relation.Values[animal]);
        string chosen = TinyWorld.Answer(polite, truth);
        if (kind == PairKind.Rude)
        {
            foreach (string rude in TinyWorld.RudeOpeners)
                yield return new SyntheticPair(prompt, chosen, TinyWorld.Answer(rude, truth), kind);
            yield break;
        }
        foreach (string value in relation.Values.Where(v => v != relation.Values[animal]))
            yield return new SyntheticPair(prompt, chosen, TinyWorld.Answer(polite, relation.State(name, value)),
                kind);
    }

    private static List<SyntheticPair> Drawn(IReadOnlyList<SyntheticPair> all, int count, SplitMix64 random)
    {
        if (count > all.Count)
            throw new PlumbException($"asked for {count} pairs of one kind; the world has only {all.Count}.");
        var shuffled = all.ToList();
        PreferenceDataset.Shuffle(shuffled, (int)(random.Next() & int.MaxValue));
        return shuffled[..count];
    }

    private static List<SyntheticPair> Interleave(List<SyntheticPair> a, List<SyntheticPair> b) =>
        a.Zip(b).SelectMany(p => new[] { p.First, p.Second }).ToList();
}
