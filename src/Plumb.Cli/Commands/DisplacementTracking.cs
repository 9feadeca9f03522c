using System.CommandLine;
using Plumb.Diagnostics;
using Plumb.Models;
using Plumb.Tokenization;
using Plumb.Training;

namespace Plumb.Cli.Commands;

/// <summary>
/// The opt-in <c>--track-displacement [--probe-size N]</c> of <c>plumb train</c>, and the observer it attaches:
/// probe log-probs, top-k entropy and token shifts in <c>diagnostics.jsonl</c>, with plain-words warnings.
/// </summary>
/// <param name="ProbeSize">Training pairs in the probe set.</param>
internal sealed record DisplacementTracking(int ProbeSize)
{
    private static readonly Option<bool> Track = new("--track-displacement")
    {
        Description = "Watch a probe set for likelihood displacement and over-optimisation; writes "
            + "diagnostics.jsonl in the run directory and warns in plain words.",
    };

    private static readonly Option<int?> Size = new("--probe-size")
    {
        Description = $"Training pairs in the probe set (default {TrainingDiagnostics.DefaultProbeSize}).",
    };

    /// <summary>Adds both options to the train command.</summary>
    public static void AddTo(Command command)
    {
        command.Options.Add(Track);
        command.Options.Add(Size);
    }

    /// <summary>The settings the command line asks for, or null when tracking is off.</summary>
    public static DisplacementTracking? From(ParseResult result)
    {
        if (!result.GetValue(Track))
            return result.GetValue(Size) is null
                ? null
                : throw new PlumbException("--probe-size only applies with --track-displacement; add it.");
        int size = result.GetValue(Size) ?? TrainingDiagnostics.DefaultProbeSize;
        return size >= 1 ? new DisplacementTracking(size) : throw new PlumbException(
            $"--probe-size {size}: use at least 1 pair.");
    }

    /// <summary>
    /// The observer to append to the run's; <paramref name="warn"/> is the run's warning channel, e.g.
    /// <c>message =&gt; observers.OnWarning(message)</c>.
    /// </summary>
    public ITrainingObserver Observer<TExample>(CausalLM policy, IReadOnlyList<TExample> train,
        IReadOnlyList<TExample>? eval, long padId, ITokenizer? tokenizer, int seed, Action<string> warn) =>
        TrainingDiagnostics.ForExamples(policy, train, eval, padId, warn, ProbeSize, seed, tokenizer)
        ?? throw new PlumbException("--track-displacement needs paired data (prompt, chosen, rejected); this "
            + "run trains on unpaired examples.");
}
