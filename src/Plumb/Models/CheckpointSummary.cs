namespace Plumb.Models;

/// <summary>What <see cref="ModelLoader.Check"/> found in a model directory, without reading tensor data.</summary>
/// <param name="Config">The parsed config.json.</param>
/// <param name="Files">Number of safetensors files (shards).</param>
/// <param name="Dtypes">The distinct safetensors dtypes stored, e.g. BF16.</param>
/// <param name="ParameterCount">Distinct parameters of the model (a tied head counts once).</param>
public sealed record CheckpointSummary(ModelConfig Config, int Files, IReadOnlyList<string> Dtypes,
    long ParameterCount);
