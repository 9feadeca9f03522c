using Plumb.Models;
using Plumb.Scoring;
using Plumb.Training;
using static TorchSharp.torch;

namespace Plumb.Experiments;

/// <summary>Supervised fine-tuning: the mean negative log-likelihood of each example's completion tokens.</summary>
// TODO(#4): replace with the pipeline's SftTask once it is on main; this one exists so the experiment runs.
public sealed class CompletionLmTask(CausalLM model, long padId) : ITrainingTask<CompletionExample>
{
    public TaskOutput Forward(IReadOnlyList<CompletionExample> batch)
    {
        using var sequences = SequenceBatch.Create(batch.Select(e => (e.Prompt, e.Completion)).ToList(), padId);
        var scored = SequenceLogProbs.Compute(model, sequences);
        var losses = -scored.Sums / scored.Counts.clamp_min(1);
        var metrics = new Dictionary<string, Tensor> { ["logps"] = scored.Sums.detach() };
        return new TaskOutput(losses, metrics, sequences.InputIds.numel());
    }

    public string IdOf(CompletionExample example) => example.Id;
}
