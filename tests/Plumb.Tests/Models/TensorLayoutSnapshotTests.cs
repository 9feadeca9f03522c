using System.Runtime.CompilerServices;
using Plumb.Models;
using Plumb.Tests.Fixtures;
using static TorchSharp.torch;

namespace Plumb.Tests.Models;

/// <summary>Pins the tensor names, shapes and dtypes that each architecture saves, in Hugging Face's layout.</summary>
public sealed class TensorLayoutSnapshotTests
{
    [Theory]
    [InlineData("llama", false)]
    [InlineData("llama", true)]
    [InlineData("qwen2", true)]
    [InlineData("gpt2", true)]
    public void Should_match_the_snapshot_When_a_tiny_model_is_built(string type, bool tied)
    {
        // Given the tiny config for the architecture
        string dir = type == "gpt2"
            ? TinyModels.WriteGpt2(TinyModels.TempDir())
            : TinyModels.WriteLlama(TinyModels.TempDir(), type, tied);
        var config = ModelLoader.ReadConfig(dir);

        // When a model is built from it and saved
        using var model = ModelBuilder.Build(config);
        string saved = TinyModels.TempDir();
        ModelSaver.Save(model, saved);
        var entries = SafetensorsFile.Open(Path.Combine(saved, "model.safetensors")).Entries;
        var lines = entries.Select(e => $"{e.Name} {e.ShapeText} {e.Dtype}");

        // Then the checkpoint's tensors are exactly the snapshot (GPT-2's Conv1D weights stored [in, out])
        string snapshot = Path.Combine(SnapshotDir(), $"{type}{(tied && type != "gpt2" ? "-tied" : "")}.txt");
        if (Environment.GetEnvironmentVariable("PLUMB_UPDATE_SNAPSHOTS") == "1")
            File.WriteAllLines(snapshot, lines);
        Assert.Equal(File.ReadAllLines(snapshot), lines.ToArray());
    }

    private static string SnapshotDir([CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "Snapshots");
}
