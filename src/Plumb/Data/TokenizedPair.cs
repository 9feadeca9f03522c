namespace Plumb.Data;

/// <summary>A tokenized pair; the model scores <c>Prompt ++ Chosen</c> and <c>Prompt ++ Rejected</c>.</summary>
public sealed record TokenizedPair(string Id, int[] Prompt, int[] Chosen, int[] Rejected);
