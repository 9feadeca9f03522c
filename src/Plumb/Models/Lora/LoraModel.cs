using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Plumb.Models.Lora;

/// <summary>
/// A <see cref="CausalLM"/> with low-rank adapters hooked onto its projections and every base weight frozen.
/// </summary>
/// <remarks>
/// Adapters are forward hooks on the projections, registered as <c>lora_A</c> / <c>lora_B</c> submodules, so
/// the state dict and the saved files use PEFT's names. With <see cref="Enabled"/> false the same model is the
/// base model, which serves as the DPO reference without a second copy of the weights.
/// </remarks>
public sealed class LoraModel
{
    private readonly List<LoraAdapter> adapters;

    private LoraModel(CausalLM model, LoraOptions options, IReadOnlyList<string> targets,
        List<LoraAdapter> adapters)
    {
        Model = model;
        Options = options;
        Targets = targets;
        this.adapters = adapters;
    }

    /// <summary>The adapted model; its forward includes the adapters while <see cref="Enabled"/>.</summary>
    public CausalLM Model { get; }

    /// <summary>The settings the adapters were built with.</summary>
    public LoraOptions Options { get; }

    /// <summary>The target module names in effect.</summary>
    public IReadOnlyList<string> Targets { get; }

    /// <summary>The adapters, in module order.</summary>
    public IReadOnlyList<LoraAdapter> Adapters => adapters;

    /// <summary>Whether the adapters contribute to the forward pass.</summary>
    /// <value>The default value is true.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Freezes <paramref name="model"/> and attaches adapters to the projections named by the options.
    /// </summary>
    /// <exception cref="PlumbException">A setting is out of range, a target matches no projection, or the
    /// model already carries adapters.</exception>
    public static LoraModel Attach(CausalLM model, LoraOptions options)
    {
        options.Validate();
        var targets = options.TargetModules
            ?? (model.Config.IsGpt2 ? LoraOptions.Gpt2Targets : LoraOptions.LlamaTargets);
        var found = FindTargets(model, targets);
        foreach (var p in model.parameters())
            p.requires_grad_(false);
        var lora = new LoraModel(model, options, targets, []);
        foreach (var (name, linear) in found)
            lora.adapters.Add(lora.Hook(name, linear));
        return lora;
    }

    /// <summary>Turns the adapters off until the returned handle is disposed (for reference passes).</summary>
    public IDisposable Disable()
    {
        bool previous = Enabled;
        Enabled = false;
        return new Restore(() => Enabled = previous);
    }

    /// <summary>The adapter weights, the only parameters that require gradients.</summary>
    public IEnumerable<Parameter> TrainableParameters() =>
        adapters.SelectMany(a => new[] { a.A.weight!, a.B.weight! });

    /// <summary>Number of trainable (adapter) parameters.</summary>
    public long TrainableParameterCount() => TrainableParameters().Sum(p => p.numel());

    private static List<(string Name, Linear Linear)> FindTargets(CausalLM model, IReadOnlyList<string> targets)
    {
        // The head is applied with forward(), which runs no hooks: an adapter there would silently do nothing.
        if (targets.Any(t => Matches("lm_head", t)))
            throw new PlumbException("LoRA on lm_head is not supported; target the attention and MLP "
                + "projections (e.g. q_proj, v_proj) instead.");
        var linears = model.named_modules().Where(m => m.module is Linear && m.name != "lm_head")
            .Select(m => (Name: m.name, Linear: (Linear)m.module)).ToList();
        var found = linears.Where(m => targets.Any(t => Matches(m.Name, t))).ToList();
        var unmatched = targets.Where(t => !linears.Any(m => Matches(m.Name, t))).ToList();
        if (unmatched.Count > 0)
            throw new PlumbException($"lora target_modules {string.Join(", ", unmatched)} match no projection "
                + $"of this {model.Config.ModelType} model; its projections end in: "
                + string.Join(", ", linears.Select(m => m.Name.Split('.')[^1]).Distinct()) + ".");
        if (found.Any(m => m.Linear.named_children().Any(c => c.name == "lora_A")))
            throw new PlumbException("This model already carries LoRA adapters; attach them once.");
        return found;
    }

    // PEFT matches a target against the full module name or its last dotted parts.
    private static bool Matches(string name, string target) => name == target || name.EndsWith("." + target);

    private LoraAdapter Hook(string name, Linear linear)
    {
        var adapter = new LoraAdapter(name, linear, Options);
        linear.register_module("lora_A", adapter.A);
        linear.register_module("lora_B", adapter.B);
        if (adapter.DropoutModule is { } dropout)
            linear.register_module("lora_dropout", dropout);
        linear.register_forward_hook((_, x, y) => Enabled ? y.add(adapter.Delta(x)) : y);
        return adapter;
    }

    private sealed class Restore(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
