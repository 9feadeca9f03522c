namespace Plumb.Synthetic;

/// <summary>
/// The small closed world of Plumb's bundled model: twelve animals, each with a sound, a home and a food,
/// asked about in two phrasings per relation and answered politely or rudely.
/// </summary>
/// <remarks>
/// The world is small enough for a model of a few hundred thousand parameters to learn in a minute of CPU
/// pretraining (36 facts, 6 question forms, 8 openers), and every answer differs from another in one visible
/// place: the opener (tone) or the last word (the fact).
/// </remarks>
public static class TinyWorld
{
    /// <summary>The animals, in a fixed order.</summary>
    public static IReadOnlyList<string> Animals { get; } =
        ["cow", "dog", "cat", "duck", "sheep", "pig", "horse", "owl", "frog", "lion", "hen", "bee"];

    /// <summary>The three relations, each with its values per animal (in <see cref="Animals"/> order).</summary>
    public static IReadOnlyList<Relation> Relations { get; } =
    [
        new("sound",
            ["What does the {0} say?", "What sound does a {0} make?"],
            "The {0} says {1}.",
            ["moo", "woof", "meow", "quack", "baa", "oink", "neigh", "hoot", "croak", "roar", "cluck", "buzz"]),
        new("home",
            ["Where does the {0} live?", "Where is the home of the {0}?"],
            "The {0} lives in the {1}.",
            ["field", "kennel", "house", "pond", "meadow", "sty", "stable", "tree", "lake", "den", "coop", "hive"]),
        new("food",
            ["What does the {0} eat?", "What is the food of the {0}?"],
            "The {0} eats {1}.",
            ["grass", "bones", "fish", "bread", "clover", "apples", "hay", "mice", "flies", "meat", "corn",
                "nectar"]),
    ];

    /// <summary>Openers of a polite answer; each has a rude counterpart at the same index.</summary>
    public static IReadOnlyList<string> PoliteOpeners { get; } =
        ["Sure!", "Good question!", "Happy to help!", "Of course!"];

    /// <summary>Openers of a rude answer, as frequent in the corpus as the polite ones.</summary>
    public static IReadOnlyList<string> RudeOpeners { get; } =
        ["Ugh!", "Stupid question!", "Figure it out!", "Obviously!"];

    /// <summary>The plain-text prompt for a question, in the format every bundled file uses.</summary>
    public static string Prompt(string question) => $"Question: {question}\nAnswer:";

    /// <summary>Every question the world asks, as prompts: 3 relations × 12 animals × 2 forms.</summary>
    public static IReadOnlyList<string> AllPrompts() =>
        (from relation in Relations
         from animal in Animals
         from form in relation.Questions
         select Prompt(string.Format(form, animal))).ToList();

    /// <summary>An answer as the completion after <see cref="Prompt"/>: a space, the opener, the statement.</summary>
    public static string Answer(string opener, string statement) => $" {opener} {statement}";
}

/// <summary>One relation of the world: how it is asked, how it is stated, and each animal's value.</summary>
/// <param name="Name">A short name: sound, home or food.</param>
/// <param name="Questions">Question forms; <c>{0}</c> is the animal.</param>
/// <param name="Statement">The answer's statement; <c>{0}</c> is the animal, <c>{1}</c> the value.</param>
/// <param name="Values">The value for each animal, in <see cref="TinyWorld.Animals"/> order.</param>
public sealed record Relation(string Name, IReadOnlyList<string> Questions, string Statement,
    IReadOnlyList<string> Values)
{
    /// <summary>The statement of <paramref name="value"/> about <paramref name="animal"/>.</summary>
    public string State(string animal, string value) => string.Format(Statement, animal, value);
}
