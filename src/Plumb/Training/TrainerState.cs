using System.Text.Json;
using System.Text.Json.Serialization;

namespace Plumb.Training;

/// <summary>The loop's position, saved as <c>trainer_state.json</c> in each checkpoint.</summary>
internal sealed record TrainerState
{
    [JsonPropertyName("global_step")] public int GlobalStep { get; init; }
    [JsonPropertyName("total_steps")] public int TotalSteps { get; init; }
    [JsonPropertyName("epoch")] public double Epoch { get; init; }
    [JsonPropertyName("epoch_index")] public int EpochIndex { get; init; }
    [JsonPropertyName("epoch_position")] public int EpochPosition { get; init; }
    [JsonPropertyName("effective_batch_size")] public int EffectiveBatchSize { get; init; }
    [JsonPropertyName("shuffle_seed")] public int ShuffleSeed { get; init; }
    [JsonPropertyName("torch_rng_state")] public string TorchRngState { get; init; } = "";
    [JsonPropertyName("pending_metrics")] public Dictionary<string, RunningSum> PendingMetrics { get; init; } = [];
    [JsonPropertyName("log_history")] public List<LoggedRow> LogHistory { get; init; } = [];

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    public static TrainerState Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(path), Json)
                ?? throw new PlumbException($"{path}: empty trainer state; resume from an earlier checkpoint.");
        }
        catch (JsonException e)
        {
            throw new PlumbException($"{path}: unreadable trainer state ({e.Message}); "
                + "resume from an earlier checkpoint.", e);
        }
    }
}

/// <summary>One logged row in <see cref="TrainerState.LogHistory"/>.</summary>
internal sealed record LoggedRow(
    [property: JsonPropertyName("step")] int Step,
    [property: JsonPropertyName("values")] Dictionary<string, double> Values);
