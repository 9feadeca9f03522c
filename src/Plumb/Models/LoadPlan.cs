using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Models;

/// <summary>Which checkpoint tensor fills which model parameter, checked in full before any data is read.</summary>
internal sealed class LoadPlan
{
    private readonly ModelConfig config;
    private readonly Dictionary<string, SafetensorsEntry> sources;
    private readonly Dictionary<string, SafetensorsFile> files;
    private readonly List<string> unexpected;

    private LoadPlan(ModelConfig config, Dictionary<string, SafetensorsEntry> sources,
        Dictionary<string, SafetensorsFile> files, List<string> unexpected)
    {
        this.config = config;
        this.sources = sources;
        this.files = files;
        this.unexpected = unexpected;
    }

    /// <summary>Maps every checkpoint tensor to a state-dict name; shapes are checked by <see cref="Check"/>.</summary>
    /// <param name="config">The model the tensors are for.</param>
    /// <param name="shards">The checkpoint's files.</param>
    /// <param name="skip">Checkpoint names to leave unread, e.g. a language-model head under a reward model.</param>
    public static LoadPlan Create(ModelConfig config, IReadOnlyList<SafetensorsFile> shards,
        IReadOnlySet<string>? skip = null)
    {
        var sources = new Dictionary<string, SafetensorsEntry>();
        var unexpected = new List<string>();
        SafetensorsEntry? head = null;
        foreach (var entry in shards.SelectMany(s => s.Entries))
        {
            if (CheckpointNames.IsRecomputedBuffer(config, entry.Name) || skip?.Contains(entry.Name) == true)
                continue;
            if (entry.Name == CheckpointNames.Head && config.TieWordEmbeddings)
            {
                head = entry;
                continue;
            }
            string name = CheckpointNames.ToModelName(config, entry.Name);
            if (!sources.TryAdd(name, entry))
                throw new PlumbException($"{entry.File}: tensor {entry.Name} is stored twice "
                    + $"(also in {sources[name].File}).");
        }
        // Tied weights: a checkpoint may store the shared matrix under either name; Hugging Face keeps one
        // (its __metadata__ then maps the other to it). When both are stored the embedding is used, as in HF.
        if (head is not null)
            sources.TryAdd(CheckpointNames.Embedding(config), head);
        var files = shards.ToDictionary(s => s.Path);
        return new LoadPlan(config, sources, files, unexpected);
    }

    /// <summary>Throws one error listing every missing, unexpected, mis-shaped or unreadable tensor; names in
    /// <paramref name="optional"/> may be missing (the model keeps their initial values).</summary>
    public void Check(CausalLM model, string dir, IReadOnlySet<string>? optional = null)
    {
        var expected = model.state_dict();
        var problems = new List<string>();
        var missing = expected.Keys.Where(n => !sources.ContainsKey(n) && optional?.Contains(n) != true).ToList();
        var extra = unexpected.Concat(sources.Keys.Where(n => !expected.ContainsKey(n))).ToList();
        if (missing.Count > 0)
            problems.Add($"missing tensors: {Listing.Of(missing)}");
        if (extra.Count > 0)
            problems.Add($"unexpected tensors: {Listing.Of(extra)}");
        foreach (var (name, target) in expected)
        {
            if (!sources.TryGetValue(name, out var entry))
                continue;
            long[] want = StoredShape(name, target.shape);
            if (!want.SequenceEqual(entry.Shape))
                problems.Add($"shape mismatch for {entry.Name}: expected [{string.Join(", ", want)}], "
                    + $"found {entry.ShapeText}");
            if (!SafetensorsFile.IsSupportedDtype(entry.Dtype))
                problems.Add($"unsupported dtype {entry.Dtype} for {entry.Name} (use F32, F16 or BF16)");
        }
        if (problems.Count > 0)
            throw new PlumbException($"{dir}: the checkpoint does not match its config.json "
                + $"(model_type {config.ModelType}): {string.Join("; ", problems)}.");
    }

    /// <summary>Reads each tensor, converts it to fp32 and copies it into the model.</summary>
    public void CopyInto(CausalLM model)
    {
        using var noGrad = no_grad();
        foreach (var (name, target) in model.state_dict())
        {
            using var scope = NewDisposeScope();
            // Check has allowed every name without a source to be missing.
            if (!sources.TryGetValue(name, out var entry))
                continue;
            var value = files[entry.File].ReadFloat32(entry);
            if (CheckpointNames.IsTransposed(config, name))
                value = value.t();
            target.copy_(value);
        }
    }

    private long[] StoredShape(string name, long[] shape) =>
        CheckpointNames.IsTransposed(config, name) ? [.. shape.Reverse()] : shape;
}
