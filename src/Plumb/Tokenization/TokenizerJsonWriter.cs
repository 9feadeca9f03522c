using System.Text.Encodings.Web;
using System.Text.Json;

namespace Plumb.Tokenization;

/// <summary>Writes a byte-level BPE <c>tokenizer.json</c> in the layout Hugging Face saves (GPT-2 style).</summary>
internal static class TokenizerJsonWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the file; <paramref name="tokens"/> lists the model vocabulary in id order.</summary>
    public static void WriteByteLevel(string path, IReadOnlyList<string> tokens,
        IReadOnlyList<(string Left, string Right)> merges, IReadOnlyList<AddedToken> added)
    {
        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream, Options);
        w.WriteStartObject();
        w.WriteString("version", "1.0");
        w.WriteNull("truncation");
        w.WriteNull("padding");
        WriteAddedTokens(w, added);
        w.WriteNull("normalizer");
        WriteByteLevelStep(w, "pre_tokenizer", addPrefixSpace: false, trimOffsets: true);
        WriteByteLevelStep(w, "post_processor", addPrefixSpace: true, trimOffsets: false);
        WriteByteLevelStep(w, "decoder", addPrefixSpace: true, trimOffsets: true);
        WriteModel(w, tokens, merges);
        w.WriteEndObject();
    }

    public static void WriteAddedTokens(Utf8JsonWriter w, IReadOnlyList<AddedToken> added)
    {
        w.WriteStartArray("added_tokens");
        foreach (var token in added)
        {
            w.WriteStartObject();
            w.WriteNumber("id", token.Id);
            w.WriteString("content", token.Content);
            w.WriteBoolean("single_word", false);
            w.WriteBoolean("lstrip", false);
            w.WriteBoolean("rstrip", false);
            w.WriteBoolean("normalized", false);
            w.WriteBoolean("special", token.Special);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteByteLevelStep(Utf8JsonWriter w, string name, bool addPrefixSpace, bool trimOffsets)
    {
        w.WriteStartObject(name);
        w.WriteString("type", "ByteLevel");
        w.WriteBoolean("add_prefix_space", addPrefixSpace);
        w.WriteBoolean("trim_offsets", trimOffsets);
        w.WriteBoolean("use_regex", true);
        w.WriteEndObject();
    }

    private static void WriteModel(Utf8JsonWriter w, IReadOnlyList<string> tokens,
        IReadOnlyList<(string Left, string Right)> merges)
    {
        w.WriteStartObject("model");
        w.WriteString("type", "BPE");
        w.WriteNull("dropout");
        w.WriteNull("unk_token");
        w.WriteNull("continuing_subword_prefix");
        w.WriteNull("end_of_word_suffix");
        w.WriteBoolean("fuse_unk", false);
        w.WriteBoolean("byte_fallback", false);
        w.WriteBoolean("ignore_merges", false);
        w.WriteStartObject("vocab");
        for (int id = 0; id < tokens.Count; id++) w.WriteNumber(tokens[id], id);
        w.WriteEndObject();
        w.WriteStartArray("merges");
        foreach (var (left, right) in merges)
        {
            w.WriteStartArray();
            w.WriteStringValue(left);
            w.WriteStringValue(right);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
