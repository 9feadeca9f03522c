using Plumb.Models;
using Plumb.Objectives;
using Plumb.Scoring;
using Plumb.Training;
using static TorchSharp.torch;

namespace Plumb.Experiments;

/// <summary>DPO against reference log-probs computed once before training (the reference never changes).
/// </summary>
// TODO(#4): replace with the pipeline's preference task once it is on main.
public sealed class FixedReferenceDpoTask(CausalLM model, long padId, double beta) : ITrainingTask<ScoredPair>
{
    private readonly SigmoidObjective _objective = new(new SigmoidOptions { Beta = beta });

    public TaskOutput Forward(IReadOnlyList<ScoredPair> batch)
    {
        using var pairs = PairBatch.Create(batch.Select(p => (p.Prompt, p.Chosen, p.Rejected)).ToList(), padId);
        var (chosen, rejected) = pairs.Compute(model);
        var logProbs = new PreferenceLogProbs
        {
            PolicyChosen = chosen.Sums,
            PolicyRejected = rejected.Sums,
            ReferenceChosen = tensor(batch.Select(p => p.ReferenceChosen).ToArray()).to(chosen.Sums.dtype),
            ReferenceRejected = tensor(batch.Select(p => p.ReferenceRejected).ToArray()).to(chosen.Sums.dtype),
        };
        var output = _objective.Compute(logProbs, ObjectiveState.Initial);
        var metrics = new Dictionary<string, Tensor>
        {
            ["rewards/chosen"] = output.ChosenRewards,
            ["rewards/rejected"] = output.RejectedRewards,
            ["logps/chosen"] = chosen.Sums.detach(),
            ["logps/rejected"] = rejected.Sums.detach(),
        };
        return new TaskOutput(output.Losses, metrics, pairs.Sequences.InputIds.numel());
    }

    public string IdOf(ScoredPair pair) => pair.Id;
}
