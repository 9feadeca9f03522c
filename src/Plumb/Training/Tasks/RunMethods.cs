namespace Plumb.Training.Tasks;

/// <summary>The verbs of <c>plumb train</c>, each with its default loss and the data it takes.</summary>
public static class RunMethods
{
    private static readonly Dictionary<string, string> Defaults = new(StringComparer.Ordinal)
    {
        ["dpo"] = "sigmoid",
        ["ipo"] = "ipo",
        ["simpo"] = "simpo",
        ["orpo"] = "orpo",
        ["cpo"] = "cpo",
        ["sft"] = "sft",
        ["kto"] = "kto",
        ["bco"] = "bco",
        ["reward"] = RewardLoss,
    };

    /// <summary>The one loss a reward model trains with: Bradley-Terry on the pair's two rewards.</summary>
    public const string RewardLoss = "bradley_terry";

    /// <summary>The verbs, in the order help lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Defaults.Keys];

    /// <summary>The loss a verb trains with when no --loss is given.</summary>
    /// <exception cref="PlumbException">The verb is unknown.</exception>
    public static string DefaultLoss(string method) =>
        Defaults.TryGetValue(method, out var loss)
            ? loss
            : throw new PlumbException($"Unknown method '{method}'. Use one of: {string.Join(", ", Names)}.");

    /// <summary>Whether the verb trains on unpaired, labelled completions.</summary>
    public static bool IsUnpaired(string method) => method is "kto" or "bco";

    /// <summary>Whether the verb trains a reward model.</summary>
    public static bool IsReward(string method) => method == "reward";

    /// <summary>Whether the verb is supervised fine-tuning.</summary>
    public static bool IsSft(string method) => method == "sft";
}
