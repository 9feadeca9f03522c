using Plumb.Data;
using Plumb.Diagnostics;
using Plumb.Models;
using Plumb.Models.Lora;
using Plumb.Objectives;
using Plumb.Scoring;
using Plumb.Training;
using Plumb.Training.Reference;
using Plumb.Training.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Performance;

/// <summary>One case's models, optimizer and batch, built once, and the step the benchmark times.</summary>
internal sealed class BenchStep : IDisposable
{
    private const long PadId = 0;
    private readonly List<IDisposable> owned = [];
    private readonly IReadOnlyList<TokenizedPair> pairs;
    private readonly int promptLength;
    private readonly Dictionary<string, double> phases = new(StringComparer.Ordinal);
    private Action step = () => { };

    private BenchStep(CausalLM policy, IReadOnlyList<TokenizedPair> pairs, int promptLength)
    {
        Policy = policy;
        this.pairs = pairs;
        this.promptLength = promptLength;
        owned.Add(policy);
    }

    /// <summary>The model being trained or scored.</summary>
    public CausalLM Policy { get; }

    /// <summary>Parameters receiving gradients; 0 when the case only scores.</summary>
    public long Trainable { get; private set; }

    /// <summary>Builds the models and data of <paramref name="name"/> for <paramref name="config"/>.</summary>
    public static BenchStep Create(ModelConfig config, string name, BenchOptions o)
    {
        manual_seed(0);
        int prompt = o.Seq / 4;
        var bench = new BenchStep(ModelBuilder.Build(config), RandomPairs(config, o, prompt), prompt);
        bench.Prepare(config, name, o);
        return bench;
    }

    /// <summary>Milliseconds of the last step's phases: forward, backward, optimizer (training cases only).
    /// </summary>
    public IReadOnlyDictionary<string, double> LastPhases => phases;

    /// <summary>Runs one step; only the loss or a score sum is read back to the host.</summary>
    public void Run() => step();

    public void Dispose()
    {
        for (int i = owned.Count - 1; i >= 0; i--)
            owned[i].Dispose();
    }

    private void Prepare(ModelConfig config, string name, BenchOptions o)
    {
        if (!BenchCases.Trains(name))
        {
            Policy.eval();
            step = name == BenchCases.Ches ? ChesStep : ScoreStep;
            return;
        }
        Policy.train();
        Policy.CheckpointActivations = name is BenchCases.DpoCheckpointed or BenchCases.DpoLoraCheckpointed;
        ITrainingTask<TokenizedPair> task = name switch
        {
            BenchCases.Sft => new SftTask(Policy, PadId),
            BenchCases.DpoLora or BenchCases.DpoLoraCheckpointed => Dpo(new AdapterOffReference(LoraModel.Attach(Policy,
                new LoraOptions { Rank = o.LoraRank, Alpha = 2 * o.LoraRank })), owns: false),
            BenchCases.DpoPrecomputed => Dpo(Precomputed(), owns: true),
            _ => Dpo(new FrozenReference(ModelBuilder.Build(config), "bench reference"), owns: true),
        };
        var optimizer = OptimizerFactory.Create(Policy, new TrainingOptions());
        owned.Add(optimizer);
        var trainable = Policy.parameters().Where(p => p.requires_grad).ToList();
        Trainable = trainable.Sum(p => p.numel());
        step = () => TrainStep(task, optimizer, trainable);
    }

    private PreferenceTask Dpo(IReferenceLogProbs reference, bool owns)
    {
        if (owns)
            owned.Add(reference);
        return new PreferenceTask(Policy, CompositeObjective.Parse(SigmoidObjective.Name), reference, PadId);
    }

    private FixedReference Precomputed()
    {
        using var noGrad = no_grad();
        using var batch = PairBatch.Create(Triples(), PadId);
        var (chosen, rejected) = batch.Compute(Policy);
        return new FixedReference(chosen.Sums.detach().clone().DetachFromDisposeScope(),
            rejected.Sums.detach().clone().DetachFromDisposeScope());
    }

    private void TrainStep(ITrainingTask<TokenizedPair> task, optim.Optimizer optimizer,
        IReadOnlyList<TorchSharp.Modules.Parameter> trainable)
    {
        // CPU kernels run synchronously, so a wall clock between phases times each one.
        using var scope = NewDisposeScope();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var loss = task.Forward(pairs).Losses.mean();
        phases["forward"] = clock.Elapsed.TotalMilliseconds;
        loss.backward();
        phases["backward"] = clock.Elapsed.TotalMilliseconds - phases["forward"];
        nn.utils.clip_grad_norm_(trainable, 1.0);
        optimizer.step();
        optimizer.zero_grad();
        loss.item<float>();
        phases["optimizer"] = clock.Elapsed.TotalMilliseconds - phases["forward"] - phases["backward"];
    }

    private void ScoreStep()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var batch = PairBatch.Create(Triples(), PadId);
        var (chosen, rejected) = batch.Compute(Policy);
        chosen.Sums.add(rejected.Sums).sum().item<float>();
    }

    private void ChesStep()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var batch = PairBatch.Create(Triples(), PadId);
        var (chosen, rejected) = batch.Compute(Policy, keepHidden: true);
        for (int i = 0; i < pairs.Count; i++)
        {
            // Hidden row j is the state at position j, which predicts token j + 1: responses start at p - 1.
            var c = chosen.Hidden![i].narrow(0, promptLength - 1, pairs[i].Chosen.Length);
            var r = rejected.Hidden![i].narrow(0, promptLength - 1, pairs[i].Rejected.Length);
            Ches.Score(c, r);
        }
    }

    private List<(int[] Prompt, int[] Chosen, int[] Rejected)> Triples() =>
        pairs.Select(p => (p.Prompt, p.Chosen, p.Rejected)).ToList();

    private static List<TokenizedPair> RandomPairs(ModelConfig config, BenchOptions o, int prompt)
    {
        var random = new Random(0);
        int[] Tokens(int n) => Enumerable.Range(0, n).Select(_ => random.Next(1, config.VocabSize)).ToArray();
        return Enumerable.Range(0, o.Batch)
            .Select(i => new TokenizedPair($"bench-{i}", Tokens(prompt), Tokens(o.Seq - prompt),
                Tokens(o.Seq - prompt)))
            .ToList();
    }
}
