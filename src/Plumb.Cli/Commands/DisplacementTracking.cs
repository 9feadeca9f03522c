using System.CommandLine;
using Plumb.Diagnostics;
using Plumb.Models;
using Plumb.Tokenization;
using Plumb.Training;

namespace Plumb.Cli.Commands;

/// <summary>
/// The opt-in <c>--track-displacement [--probe-size N]</c> options of <c>plumb train</c>, and the observer they
/// attach: probe log-probs, top-k entropy and token shifts in <c>diagnostics.jsonl</c>, with warnings.
/// </summary>
internal static class DisplacementTracking
{
    public static readonly Option<bool> Track = new("--track-displacement")
    {
        Description = "Watch a probe set for likelihood displacement and over-optimisation; writes "
            + "diagnostics.jsonl in the run directory and warns in plain words.",
    };

    public static readonly Option<int?> ProbeSize = new("--probe-size")
    {
        Description = $"Training pairs in the probe set (default {TrainingDiagnostics.DefaultProbeSize}).",
    };

    /// <summary>Adds both options to the train command.</summary>
    public static void AddTo(Command command)
    {
        command.Options.Add(Track);
        command.Options.Add(ProbeSize);
    }

    /// <summary>
    /// The observers to append to the run's (none unless --track-displacement); <paramref name="warn"/> is the
    /// run's warning channel, e.g. <c>message =&gt; observers.OnWarning(message)</c>.
    /// </summary>
    public static IReadOnlyList<ITrainingObserver> Observers<TExample>(ParseResult result, CausalLM policy,
        IReadOnlyList<TExample> train, IReadOnlyList<TExample>? eval, long padId, ITokenizer? tokenizer,
        int seed, Action<string> warn)
    {
        if (!result.GetValue(Track))
            return [];
        int size = result.GetValue(ProbeSize) ?? TrainingDiagnostics.DefaultProbeSize;
        if (size < 1)
            throw new PlumbException($"--probe-size {size}: use at least 1 pair.");
        var observer = TrainingDiagnostics.ForExamples(policy, train, eval, padId, warn, size, seed, tokenizer);
        if (observer is null)
            throw new PlumbException("--track-displacement needs paired data (prompt, chosen, rejected); this run "
                + "trains on unpaired examples.");
        return [observer];
    }
}
