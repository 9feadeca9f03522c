using Plumb.Data;
using Plumb.Models;
using Plumb.Objectives;
using Plumb.Scoring;
using Plumb.Training.Reference;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Training.Tasks;

/// <summary>
/// KTO and BCO on unpaired, labelled completions: policy and reference log-probs per row, and for KTO the
/// batch KL estimate from mismatched (prompt, completion) pairs (<see cref="KtoObjective.MismatchedCompletionIndices"/>).
/// </summary>
public sealed class UnpairedTask : ITrainingTask<TokenizedUnpaired>
{
    private readonly CausalLM _policy;
    private readonly IUnpairedObjective _objective;
    private readonly IReferenceLogProbs _reference;
    private readonly long _padId;
    private readonly bool _mismatched;

    /// <param name="policy">The model being trained.</param>
    /// <param name="objective">KTO, APO-zero unpaired or BCO.</param>
    /// <param name="reference">The reference model's log-probs (these objectives all need one).</param>
    /// <param name="padId">The id right-padding fills batches with.</param>
    public UnpairedTask(CausalLM policy, IUnpairedObjective objective, IReferenceLogProbs reference, long padId)
    {
        (_policy, _objective, _reference, _padId) = (policy, objective, reference, padId);
        _mismatched = objective.Info.Needs.HasFlag(ObjectiveNeeds.MismatchedPairs);
    }

    /// <summary>The objective state after the last training batch (BCO's running reward mean).</summary>
    public ObjectiveState State { get; private set; } = ObjectiveState.Initial;

    /// <inheritdoc />
    public TaskOutput Forward(IReadOnlyList<TokenizedUnpaired> batch) => Run(batch, training: true);

    /// <inheritdoc />
    public TaskOutput Evaluate(IReadOnlyList<TokenizedUnpaired> batch) => Run(batch, training: false);

    /// <inheritdoc />
    public string IdOf(TokenizedUnpaired example) => example.Id;

    /// <inheritdoc />
    public void SaveState(string directory) => ObjectiveStateFile.Save(State, directory);

    /// <inheritdoc />
    public void LoadState(string directory) => State = ObjectiveStateFile.Load(directory);

    private TaskOutput Run(IReadOnlyList<TokenizedUnpaired> batch, bool training)
    {
        var device = TaskBatches.DeviceOf(_policy);
        var ids = batch.Select(e => e.Id).ToList();
        var rows = SequenceBatch.Create(batch.Select(e => (e.Prompt, e.Completion)).ToList(), _padId, device);
        var policy = SequenceLogProbs.Compute(_policy, rows);
        var labels = tensor(batch.Select(e => e.Label).ToArray(), device: device);
        var logProbs = new UnpairedLogProbs
        {
            Policy = policy.Sums,
            Reference = _reference.ScoreSequences(ids, rows),
            IsDesirable = labels,
        };
        long tokens = batch.Sum(e => 2L * (e.Prompt.Length + e.Completion.Length));
        if (_mismatched)
        {
            logProbs = Mismatched(batch, logProbs, device);
            tokens *= 2;
        }

        var state = training ? State : State with { IsTraining = false };
        var output = _objective.Compute(logProbs, state);
        if (training)
            State = output.State with { IsTraining = true };
        return new TaskOutput(output.Losses, Metrics(output, policy.Sums, labels), tokens);
    }

    /// <summary>KTO's KL rows: prompt i with completion i-1, scored by policy and reference without gradient.</summary>
    private UnpairedLogProbs Mismatched(IReadOnlyList<TokenizedUnpaired> batch, UnpairedLogProbs logProbs,
        Device device)
    {
        var index = KtoObjective.MismatchedCompletionIndices(batch.Count);
        var rows = SequenceBatch.Create(
            batch.Select((e, i) => (e.Prompt, batch[index[i]].Completion)).ToList(), _padId, device);
        var ids = batch.Select((e, i) => $"{e.Id}|{batch[index[i]].Id}").ToList();
        using var noGrad = torch.no_grad();
        return logProbs with
        {
            PolicyMismatched = SequenceLogProbs.Compute(_policy, rows).Sums,
            ReferenceMismatched = _reference.ScoreSequences(ids, rows),
        };
    }

    /// <summary>TRL's KTO metric names; a label absent from the micro-batch contributes nothing.</summary>
    private static Dictionary<string, Tensor> Metrics(ObjectiveOutput output, Tensor policy, Tensor labels)
    {
        var metrics = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var logps = policy.detach();
        if (output.ChosenRewards.numel() > 0)
        {
            metrics["rewards/chosen"] = output.ChosenRewards.mean();
            metrics["logps/chosen"] = logps.masked_select(labels).mean();
        }
        if (output.RejectedRewards.numel() > 0)
        {
            metrics["rewards/rejected"] = output.RejectedRewards.mean();
            metrics["logps/rejected"] = logps.masked_select(labels.logical_not()).mean();
        }
        foreach (var (key, value) in output.Metrics)
            metrics.TryAdd(key, value);
        return metrics;
    }
}
