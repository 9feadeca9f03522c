using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Models;

/// <summary>Saves a <see cref="CausalLM"/> as a Hugging Face directory: model.safetensors and config.json.</summary>
public static class ModelSaver
{
    private const string WeightsFile = "model.safetensors";
    private const string ConfigFile = "config.json";

    /// <summary>Writes the model's fp32 weights and config to <paramref name="dir"/>, never half-written.</summary>
    /// <remarks>
    /// A new directory is written beside its final path and renamed into place. In an existing directory
    /// (which may hold a tokenizer) each file is written to a temporary name and renamed over the old one.
    /// GPT-2's Conv1D weights are transposed back to [in, out]; a tied head is stored once, as the embedding.
    /// </remarks>
    public static void Save(CausalLM model, string dir)
    {
        string full = Path.GetFullPath(dir);
        if (Directory.Exists(full))
        {
            WriteFiles(model, full, ".tmp-" + Guid.NewGuid().ToString("N"));
            return;
        }
        string staging = full.TrimEnd(Path.DirectorySeparatorChar) + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            Directory.CreateDirectory(staging);
            WriteFiles(model, staging, "");
            Directory.Move(staging, full);
        }
        finally
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
        }
    }

    private static void WriteFiles(CausalLM model, string dir, string suffix)
    {
        string weights = Path.Combine(dir, WeightsFile + suffix);
        string config = Path.Combine(dir, ConfigFile + suffix);
        try
        {
            WriteWeights(model, weights);
            File.WriteAllText(config, ModelConfigJson.ToJson(model.Config));
            if (suffix.Length == 0)
                return;
            // Weights first: a config.json never describes weights that are not fully on disk.
            File.Move(weights, Path.Combine(dir, WeightsFile), overwrite: true);
            File.Move(config, Path.Combine(dir, ConfigFile), overwrite: true);
        }
        finally
        {
            // After a failure, leave no temporary file behind in the user's directory.
            if (suffix.Length > 0)
            {
                File.Delete(weights);
                File.Delete(config);
            }
        }
    }

    private static void WriteWeights(CausalLM model, string path)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var tensors = new List<(string, Tensor)>();
        foreach (var (name, value) in model.state_dict())
        {
            var stored = CheckpointNames.IsTransposed(model.Config, name) ? value.t() : value;
            tensors.Add((name, stored.to_type(ScalarType.Float32)));
        }
        SafetensorsWriter.Write(path, tensors);
    }
}
