using Plumb.Data;
using Plumb.Models;
using Plumb.Objectives;
using Plumb.Scoring;
using Plumb.Training.Reference;
using static TorchSharp.torch;

namespace Plumb.Training.Tasks;

/// <summary>
/// The DPO family on chosen/rejected pairs: one concatenated policy forward, reference log-probs from a frozen
/// model or a file, a <see cref="CompositeObjective"/>, and TRL's metric names.
/// </summary>
public sealed class PreferenceTask : ITrainingTask<TokenizedPair>
{
    private readonly CausalLM _policy;
    private readonly CompositeObjective _objective;
    private readonly IReferenceLogProbs? _reference;
    private readonly ReferenceSync? _sync;
    private readonly long _padId;
    private readonly bool _tokens;
    private readonly bool _logSquareMass;

    /// <param name="policy">The model being trained.</param>
    /// <param name="objective">The loss terms and their weights.</param>
    /// <param name="reference">Reference log-probs, or null for a reference-free objective.</param>
    /// <param name="padId">The id right-padding fills batches with.</param>
    /// <param name="sync">TR-DPO: mix the policy into a frozen reference every few steps; null disables it.</param>
    /// <exception cref="PlumbException">The objective needs a reference and none is given, or TR-DPO is asked
    /// for without a frozen reference model.</exception>
    public PreferenceTask(CausalLM policy, CompositeObjective objective, IReferenceLogProbs? reference,
        long padId, ReferenceSync? sync = null)
    {
        if (objective.Info.NeedsReferenceModel && reference is null)
            throw new PlumbException($"Loss '{objective.Info.Name}' compares the policy with a reference; give a "
                + "reference model (the default), precomputed reference log-probs, or choose a reference-free "
                + "loss such as simpo, cpo or orpo.");
        if (sync is not null && reference is not FrozenReference)
            throw new PlumbException("TR-DPO reference sync updates a reference model's weights; it cannot be "
                + "used with precomputed reference log-probs or without a reference.");
        (_policy, _objective, _reference, _padId, _sync) = (policy, objective, reference, padId, sync);
        _tokens = objective.Info.NeedsTokenLogProbs;
        _logSquareMass = objective.Terms.Any(t => t.Objective is WpoWeighting);
    }

    /// <summary>The objective state after the last training batch (e.g. BCO's running reward mean).</summary>
    public ObjectiveState State { get; private set; } = ObjectiveState.Initial;

    /// <inheritdoc />
    public TaskOutput Forward(IReadOnlyList<TokenizedPair> batch) => Run(batch, training: true);

    /// <inheritdoc />
    public TaskOutput Evaluate(IReadOnlyList<TokenizedPair> batch) => Run(batch, training: false);

    /// <inheritdoc />
    public string IdOf(TokenizedPair example) => example.Id;

    /// <inheritdoc />
    public void AfterOptimizerStep(int step)
    {
        if (_sync is not null && _reference is FrozenReference frozen)
            _sync.MaybeSync(step, frozen.Model, _policy);
    }

    /// <inheritdoc />
    public void SaveState(string directory) => ObjectiveStateFile.Save(State, directory);

    /// <inheritdoc />
    public void LoadState(string directory) => State = ObjectiveStateFile.Load(directory);

    private TaskOutput Run(IReadOnlyList<TokenizedPair> batch, bool training)
    {
        var pairs = TaskBatches.Pairs(batch, _padId, TaskBatches.DeviceOf(_policy));

        // The policy scores chosen and rejected rows in one forward; the reference adds no graph.
        var (chosen, rejected) = pairs.Compute(_policy, keepLogSquareMass: _logSquareMass);
        var reference = _reference?.ScorePairs(batch, pairs, _tokens);
        var logProbs = LogProbs(chosen, rejected, reference);

        // Evaluation reads the running statistics but never moves them.
        var state = training ? State : State with { IsTraining = false };
        var output = _objective.Compute(logProbs, state);
        if (training)
            State = output.State with { IsTraining = true };
        return new TaskOutput(output.Losses, Metrics(output, chosen, rejected), TaskBatches.Tokens(batch));
    }

    private PreferenceLogProbs LogProbs(CompletionLogProbs chosen, CompletionLogProbs rejected,
        ReferencePair? reference) => new()
    {
        PolicyChosen = chosen.Sums,
        PolicyRejected = rejected.Sums,
        ReferenceChosen = reference?.Chosen,
        ReferenceRejected = reference?.Rejected,
        ChosenLengths = chosen.Counts,
        RejectedLengths = rejected.Counts,
        Tokens = _tokens ? Tokens(chosen, rejected, reference) : null,
    };

    private static TokenLogProbs Tokens(CompletionLogProbs chosen, CompletionLogProbs rejected,
        ReferencePair? reference) => new()
    {
        PolicyChosen = chosen.TokenLogProbs,
        PolicyRejected = rejected.TokenLogProbs,
        ReferenceChosen = reference?.ChosenTokens,
        ReferenceRejected = reference?.RejectedTokens,
        ChosenMask = chosen.Mask,
        RejectedMask = rejected.Mask,
        ChosenLogSquareMass = chosen.LogSquareMass,
        RejectedLogSquareMass = rejected.LogSquareMass,
    };

    /// <summary>TRL's DPO metrics, then the objective's own (nll_loss, loss/NAME, ...).</summary>
    private static Dictionary<string, Tensor> Metrics(ObjectiveOutput output, CompletionLogProbs chosen,
        CompletionLogProbs rejected)
    {
        var (chosenRewards, rejectedRewards) = (output.ChosenRewards, output.RejectedRewards);
        var metrics = new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            ["rewards/chosen"] = chosenRewards,
            ["rewards/rejected"] = rejectedRewards,
            ["rewards/accuracies"] = chosenRewards.gt(rejectedRewards).to(ScalarType.Float32),
            ["rewards/margins"] = chosenRewards - rejectedRewards,
            ["logps/chosen"] = chosen.Sums.detach(),
            ["logps/rejected"] = rejected.Sums.detach(),
            ["logits/chosen"] = chosen.PooledMeanLogits(),
            ["logits/rejected"] = rejected.PooledMeanLogits(),
        };
        foreach (var (key, value) in output.Metrics)
            metrics.TryAdd(key, value);
        return metrics;
    }
}
