namespace Plumb.Experiments;

/// <summary>A tokenized prompt and the completion trained on, with an id for error messages.</summary>
public sealed record CompletionExample(string Id, int[] Prompt, int[] Completion);

/// <summary>A tokenized preference pair with its reference log-probs, fixed before training starts.</summary>
public sealed record ScoredPair(
    string Id, int[] Prompt, int[] Chosen, int[] Rejected, double ReferenceChosen, double ReferenceRejected);
