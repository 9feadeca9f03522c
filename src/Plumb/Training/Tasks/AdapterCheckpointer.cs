using Plumb.Models;
using Plumb.Models.Lora;
using TorchSharp;

namespace Plumb.Training.Tasks;

/// <summary>Checkpoints of a LoRA run: the adapters alone, in PEFT's layout, beside the tokenizer files.</summary>
public static class AdapterCheckpointer
{
    /// <summary>
    /// Saves with <see cref="LoraSaver.SaveAdapters"/> (base model <paramref name="modelDir"/>) and loads the
    /// adapter weights back into the attached adapters on resume; the frozen base is never written.
    /// </summary>
    public static ModelCheckpointer For(LoraModel lora, string modelDir) => new(
        dir =>
        {
            LoraSaver.SaveAdapters(lora, dir, modelDir);
            TokenizerFiles.Copy(modelDir, dir);
        },
        dir => LoadInto(lora, dir));

    /// <summary>Copies <c>adapter_model.safetensors</c> of <paramref name="dir"/> into the adapters.</summary>
    /// <exception cref="PlumbException">The file is missing, or lacks a tensor of the adapters' shape.</exception>
    public static void LoadInto(LoraModel lora, string dir)
    {
        string path = Path.Combine(dir, "adapter_model.safetensors");
        if (!File.Exists(path))
            throw new PlumbException($"{dir}: no adapter_model.safetensors; this checkpoint was not written by a "
                + "--use-peft run. Resume with the same --use-peft setting that wrote it.");
        var file = SafetensorsFile.Open(path);
        var entries = file.Entries.ToDictionary(e => e.Name);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        foreach (var (name, target) in LoraSaver.AdapterTensors(lora))
        {
            if (!entries.TryGetValue(name, out var entry) || !entry.Shape.SequenceEqual(target.shape))
                throw new PlumbException($"{path}: no tensor '{name}' of shape [{string.Join(", ", target.shape)}]; "
                    + "the checkpoint was written with other lora_r or lora_target_modules.");
            using var value = file.ReadFloat32(entry);
            target.copy_(value);
        }
    }
}
