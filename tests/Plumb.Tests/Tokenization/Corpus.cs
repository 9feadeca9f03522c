namespace Plumb.Tests.Tokenization;

/// <summary>A few kilobytes of mixed text for training and measuring tokenizers in tests.</summary>
internal static class Corpus
{
    private static readonly string[] Sentences =
    [
        "The quick brown fox jumps over the lazy dog.",
        "Preference optimization trains a policy against a frozen reference model.",
        "In 2024, the team ran 12 experiments and 3 of them failed; they wrote all of them down.",
        "She said: \"I'm not sure it'll work, but we've tried everything else.\"",
        "Café, naïve, façade and résumé keep their accents.",
        "東京は日本の首都です。",
        "Emoji are bytes too: 🙂 👍🏽 🚀.",
        "def f(x):\n\treturn x * 2  # doubles\n",
    ];

    /// <summary>Every sentence, repeated in a fixed shuffled order until the text is about 4 KB.</summary>
    public static string Text { get; } = string.Join(" ",
        Enumerable.Range(0, 48).Select(i => Sentences[(i * 5 + i / 8) % Sentences.Length]));
}
