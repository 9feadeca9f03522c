using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Plumb.Training;

/// <summary>How the model's weights go into and come out of a checkpoint directory.</summary>
/// <param name="Save">Writes the weights into the given directory.</param>
/// <param name="Load">Reads them back from the given directory.</param>
public sealed record ModelCheckpointer(Action<string> Save, Action<string> Load)
{
    /// <summary>The weights as one <c>model.safetensors</c> (PyBridge), strict on load.</summary>
    public static ModelCheckpointer Safetensors(nn.Module model) => new(
        dir => model.save_safetensors(Path.Combine(dir, "model.safetensors")),
        dir => model.load_safetensors(Path.Combine(dir, "model.safetensors"), strict: true));
}
