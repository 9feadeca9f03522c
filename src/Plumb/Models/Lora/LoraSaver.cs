using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Plumb.Models.Lora;

/// <summary>Writes adapters in PEFT's layout, or the model with the adapters merged into its weights.</summary>
public static class LoraSaver
{
    /// <summary>PEFT's prefix for the wrapped model's state dict.</summary>
    public const string KeyPrefix = "base_model.model.";

    /// <summary>
    /// Writes <c>adapter_config.json</c> and <c>adapter_model.safetensors</c> into <paramref name="dir"/>, as
    /// PEFT's <c>save_pretrained</c> does, so <c>PeftModel.from_pretrained</c> can load them.
    /// </summary>
    public static void SaveAdapters(LoraModel lora, string dir, string baseModelNameOrPath)
    {
        Directory.CreateDirectory(dir);
        string weights = Path.Combine(dir, "adapter_model.safetensors");
        string staging = weights + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            using (var scope = NewDisposeScope())
                SafetensorsWriter.Write(staging, AdapterTensors(lora));
            File.Move(staging, weights, overwrite: true);
        }
        finally
        {
            File.Delete(staging);
        }
        string config = Path.Combine(dir, "adapter_config.json");
        File.WriteAllText(config + ".tmp", AdapterConfig(lora, baseModelNameOrPath));
        File.Move(config + ".tmp", config, overwrite: true);
    }

    /// <summary>The tensors PEFT saves: <c>base_model.model.{module}.lora_A.weight</c> [r, in] and
    /// <c>...lora_B.weight</c> [out, r]; GPT-2's Conv1D modules use the same shapes.</summary>
    public static IReadOnlyList<(string Name, Tensor Value)> AdapterTensors(LoraModel lora) =>
        lora.Adapters.SelectMany(a => new[]
        {
            (KeyPrefix + a.Name + ".lora_A.weight", a.A.weight!.detach().contiguous()),
            (KeyPrefix + a.Name + ".lora_B.weight", a.B.weight!.detach().contiguous()),
        }).ToList();

    /// <summary>
    /// Saves the model with each adapted weight replaced by W + (alpha / r) B A, through
    /// <see cref="ModelSaver"/>, and leaves the in-memory model as it was.
    /// </summary>
    /// <remarks>Holds a copy of the adapted weights while saving; the base weights are restored bitwise.</remarks>
    public static void SaveMerged(LoraModel lora, string dir)
    {
        var originals = new List<Tensor>();
        try
        {
            using (no_grad())
            {
                foreach (var a in lora.Adapters)
                {
                    originals.Add(a.Target.weight!.detach().clone());
                    a.Target.weight!.add_(a.DenseDelta());
                }
            }
            Detach(lora);
            ModelSaver.Save(lora.Model, dir);
        }
        finally
        {
            Reattach(lora);
            using (no_grad())
            {
                for (int i = 0; i < originals.Count; i++)
                    lora.Adapters[i].Target.weight!.copy_(originals[i]);
            }
            originals.ForEach(t => t.Dispose());
        }
    }

    private static string AdapterConfig(LoraModel lora, string baseModel)
    {
        var o = lora.Options;
        var json = new JsonObject
        {
            ["peft_type"] = "LORA",
            ["task_type"] = "CAUSAL_LM",
            ["base_model_name_or_path"] = baseModel,
            ["r"] = o.Rank,
            ["lora_alpha"] = o.Alpha,
            ["lora_dropout"] = o.Dropout,
            ["target_modules"] = new JsonArray([.. lora.Targets.Select(t => JsonValue.Create(t))]),
            ["bias"] = "none",
            // GPT-2's Conv1D stores weights [in, out]; PEFT transposes the update when merging into them.
            ["fan_in_fan_out"] = lora.Model.Config.IsGpt2,
            ["inference_mode"] = true,
            ["modules_to_save"] = null,
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    // Removing the lora submodules makes the state dict the base model's again.
    private static void Detach(LoraModel lora)
    {
        foreach (var a in lora.Adapters)
        {
            a.Target.register_module("lora_A", null!);
            a.Target.register_module("lora_B", null!);
        }
    }

    private static void Reattach(LoraModel lora)
    {
        foreach (var a in lora.Adapters.Where(a => !a.Target.named_children().Any(c => c.name == "lora_A")))
        {
            a.Target.register_module("lora_A", a.A);
            a.Target.register_module("lora_B", a.B);
        }
    }
}
