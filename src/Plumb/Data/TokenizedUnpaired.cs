namespace Plumb.Data;

/// <summary>A tokenized unpaired example for KTO or BCO; <see cref="Label"/> is true when desirable.</summary>
public sealed record TokenizedUnpaired(string Id, int[] Prompt, int[] Completion, bool Label);
