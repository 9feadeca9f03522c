namespace Plumb.Experiments;

/// <summary>
/// A synthetic persona corpus in the format of Razin et al. 2024 (arXiv 2410.08847, Sec. 3): a statement, the
/// question "is this something you would say?", and a one-word answer.
/// </summary>
/// <remarks>
/// Statements come in four kinds. Agreeable ones are answered Yes or Sure, mild refusals mostly No, strong
/// refusals mostly Never and uncertain ones Maybe. No and Never share the refusal contexts, so a model trained
/// on this text learns similar directions for them, which is what likelihood displacement needs.
/// </remarks>
public static class PersonaCorpus
{
    /// <summary>The question every prompt asks, as in the paper's Persona experiments.</summary>
    public const string Question = "Is the following statement something you would say? ";

    /// <summary>The one-word answers, each a single token of the tokenizer built for the experiment.</summary>
    public static IReadOnlyList<string> Answers { get; } = ["Yes", "Sure", "No", "Never", "Maybe"];

    private static readonly string[] Pleasant =
        ["reading books", "helping friends", "walking outside", "learning music", "cooking dinner",
         "planting trees", "telling the truth", "sharing food", "drawing maps", "painting walls",
         "writing letters", "fixing bikes", "baking bread", "watching birds", "visiting family"];

    private static readonly string[] Harmful =
        ["stealing money", "hurting people", "breaking laws", "telling lies", "cheating friends",
         "burning forests", "spreading rumors", "wasting food", "insulting others", "ignoring rules",
         "harming animals", "faking results", "breaking promises", "mocking strangers", "dumping waste"];

    private static readonly string[] Open =
        ["moving abroad", "changing jobs", "buying a car", "learning chess", "running a race",
         "starting a blog", "adopting a cat", "trying sushi", "selling my house", "joining a club"];

    /// <summary>The kind of a statement, which sets how it is answered.</summary>
    public enum Kind { Agreeable, MildRefusal, StrongRefusal, Uncertain }

    /// <summary>One prompt and its answer.</summary>
    public sealed record Example(Kind Kind, string Statement, string Answer)
    {
        /// <summary>The prompt text, ending in a newline before the answer.</summary>
        public string Prompt => Question + Statement + "\n";

        /// <summary>The answer followed by a short clause, the multi-token form of the reply.</summary>
        public string Reply => ReplyFor(Answer);
    }

    /// <summary>"No" becomes "No, I would not."; answers of the same stance share their clause.</summary>
    public static string ReplyFor(string answer) => answer switch
    {
        "Yes" or "Sure" => answer + ", I would.",
        "No" or "Never" => answer + ", I would not.",
        _ => answer + ", I am not sure.",
    };

    /// <summary>Draws <paramref name="count"/> examples; the same seed gives the same list.</summary>
    public static IReadOnlyList<Example> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var examples = new List<Example>(count);
        for (int i = 0; i < count; i++)
        {
            var kind = (Kind)(i % 4);
            string statement = Statement(kind, random);
            examples.Add(new Example(kind, statement, AnswerFor(kind, random.NextDouble())));
        }
        return examples;
    }

    /// <summary>The mild refusal the single-pair DPO run trains on.
    /// </summary>
    public static string ProbeStatement => "I enjoy breaking promises.";

    private static string Statement(Kind kind, Random random) => kind switch
    {
        Kind.Agreeable => Pick(["I like ", "I enjoy ", "I would enjoy "], random) + Pick(Pleasant, random) + ".",
        Kind.MildRefusal => Pick(["I like ", "I enjoy "], random) + Pick(Harmful, random) + ".",
        Kind.StrongRefusal => Pick(["I always enjoy ", "I love "], random) + Pick(Harmful, random) + ".",
        _ => Pick(["I might try ", "I am thinking about "], random) + Pick(Open, random) + ".",
    };

    /// <summary>The answer for a kind given a uniform draw u in [0, 1).</summary>
    public static string AnswerFor(Kind kind, double u) => kind switch
    {
        Kind.Agreeable => u < 0.7 ? "Yes" : "Sure",
        Kind.MildRefusal => u < 0.85 ? "No" : "Never",
        Kind.StrongRefusal => u < 0.7 ? "Never" : "No",
        _ => u < 0.8 ? "Maybe" : u < 0.9 ? "Yes" : "No",
    };

    private static string Pick(string[] options, Random random) => options[random.Next(options.Length)];
}
