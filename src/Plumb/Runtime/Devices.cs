using TorchSharp;

namespace Plumb.Runtime;

/// <summary>Turns a user's <c>--device</c> choice into a TorchSharp device, or says why it cannot.</summary>
public static class Devices
{
    /// <summary>Names accepted by <see cref="Resolve"/>.</summary>
    public static readonly IReadOnlyList<string> Names = ["cpu", "cuda"];

    /// <summary>Resolves "cpu", "cuda" or "cuda:N".</summary>
    /// <exception cref="PlumbException">The name is unknown, or CUDA was asked for and is not available.</exception>
    public static torch.Device Resolve(string name)
    {
        string n = name.Trim().ToLowerInvariant();
        if (n == "cpu")
            return torch.CPU;
        if (n == "cuda" || n.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!torch.cuda.is_available())
                throw new PlumbException(
                    $"--device {name}: CUDA is not available. This build references TorchSharp-cpu; to train on a GPU, "
                    + "reference TorchSharp-cuda-linux (or TorchSharp-cuda-windows) in Directory.Packages.props "
                    + "instead, rebuild, and check that a CUDA driver is installed. Or use --device cpu.");
            return new torch.Device(n);
        }
        throw new PlumbException($"--device {name}: unknown device; use one of: cpu, cuda, cuda:N.");
    }
}
