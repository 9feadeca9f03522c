using Plumb.Data;

namespace Plumb.Synthetic;

/// <summary>
/// Writes the pretraining corpus of the bundled model: true statements about <see cref="TinyWorld"/> and
/// question-answer documents in the preference data's format, answered politely or rudely in equal measure.
/// </summary>
/// <remarks>
/// The corpus teaches the facts and the format but takes no side on tone: each of the eight openers is equally
/// likely, so a model pretrained on it ranks a polite answer above its rude twin only by chance. Preference
/// training is what has to teach tone.
/// </remarks>
public static class CorpusGenerator
{
    /// <summary>
    /// <paramref name="documents"/> documents, the same for the same seed: three in four a single question and
    /// answer (prompt and completion as in the preference data), one in four two or three statements.
    /// </summary>
    public static IReadOnlyList<string> Generate(int documents, int seed)
    {
        if (documents < 1)
            throw new PlumbException($"corpus documents is {documents}; ask for at least 1.");
        var random = new SplitMix64((ulong)(uint)seed);
        var corpus = new List<string>(documents);
        for (int i = 0; i < documents; i++)
            corpus.Add(random.Below(4) == 0 ? Statements(random) : Dialogue(random));
        return corpus;
    }

    private static string Dialogue(SplitMix64 random)
    {
        var relation = TinyWorld.Relations[random.Below(TinyWorld.Relations.Count)];
        int animal = random.Below(TinyWorld.Animals.Count);
        string question = string.Format(
            relation.Questions[random.Below(relation.Questions.Count)], TinyWorld.Animals[animal]);
        int opener = random.Below(TinyWorld.PoliteOpeners.Count + TinyWorld.RudeOpeners.Count);
        string openerText = opener < TinyWorld.PoliteOpeners.Count
            ? TinyWorld.PoliteOpeners[opener]
            : TinyWorld.RudeOpeners[opener - TinyWorld.PoliteOpeners.Count];
        string statement = relation.State(TinyWorld.Animals[animal], relation.Values[animal]);
        return TinyWorld.Prompt(question) + TinyWorld.Answer(openerText, statement);
    }

    private static string Statements(SplitMix64 random)
    {
        int animal = random.Below(TinyWorld.Animals.Count);
        int count = 2 + random.Below(2);
        var relations = TinyWorld.Relations.ToList();
        var picked = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            var relation = relations[random.Below(relations.Count)];
            relations.Remove(relation);
            picked.Add(relation.State(TinyWorld.Animals[animal], relation.Values[animal]));
        }
        return string.Join(" ", picked);
    }
}
