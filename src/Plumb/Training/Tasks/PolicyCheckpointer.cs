using Plumb.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Plumb.Training.Tasks;

/// <summary>Checkpoints that are Hugging Face model directories: weights, config and tokenizer files.</summary>
public static class PolicyCheckpointer
{
    /// <summary>
    /// Saves with <see cref="ModelSaver"/> and the tokenizer files of <paramref name="modelDir"/>, so every
    /// checkpoint loads in transformers and <c>plumb inspect</c>; loads the weights back into the policy.
    /// </summary>
    public static ModelCheckpointer For(CausalLM policy, string modelDir) => new(
        dir =>
        {
            ModelSaver.Save(policy, dir);
            TokenizerFiles.Copy(modelDir, dir);
        },
        dir => LoadInto(policy, dir));

    /// <summary>Copies the weights of the model directory <paramref name="dir"/> into <paramref name="policy"/>.
    /// </summary>
    /// <exception cref="PlumbException">The checkpoint's architecture differs from the policy's.</exception>
    public static void LoadInto(CausalLM policy, string dir)
    {
        var device = policy.parameters().First().device;
        using var saved = ModelLoader.Load(dir, device);
        var source = saved.state_dict();
        using var noGrad = torch.no_grad();
        foreach (var (name, target) in policy.state_dict())
        {
            if (!source.TryGetValue(name, out var value) || !value.shape.SequenceEqual(target.shape))
                throw new PlumbException($"{dir}: the checkpoint has no tensor '{name}' of shape "
                    + $"[{string.Join(", ", target.shape)}]; it was written for another model.");
            target.copy_(value);
        }
    }
}
