namespace Plumb.Models;

/// <summary>How a rotary model stretches its position frequencies (<c>rope_scaling</c> in config.json).</summary>
/// <param name="Type"><c>linear</c> or <c>llama3</c>, as the config names it.</param>
/// <param name="Factor">How many times longer the context is meant to be; linear divides every frequency by it.
/// </param>
/// <param name="LowFreqFactor">llama3: wavelengths above original / this are divided by the factor.</param>
/// <param name="HighFreqFactor">llama3: wavelengths below original / this are kept.</param>
/// <param name="OriginalMaxPositions">llama3: the context the model was pretrained with.</param>
/// <remarks>
/// llama3 is the frequency-dependent rule Meta published with Llama 3.1: low frequencies are divided by the factor,
/// high ones kept, and those in between interpolated smoothly in 1/wavelength.
/// </remarks>
public sealed record RopeScaling(
    string Type, double Factor, double LowFreqFactor = 1, double HighFreqFactor = 4,
    int OriginalMaxPositions = 8192)
{
    /// <summary>The types Plumb computes.</summary>
    public static readonly IReadOnlyList<string> Supported = ["linear", "llama3"];

    /// <summary>The <c>rope_scaling</c> object of config.json.</summary>
    public System.Text.Json.Nodes.JsonObject ToJson() => Type == "linear"
        ? new() { ["rope_type"] = Type, ["factor"] = Factor }
        : new()
        {
            ["rope_type"] = Type,
            ["factor"] = Factor,
            ["low_freq_factor"] = LowFreqFactor,
            ["high_freq_factor"] = HighFreqFactor,
            ["original_max_position_embeddings"] = OriginalMaxPositions,
        };

    /// <summary>The scaled inverse frequency of one rotary pair whose unscaled inverse frequency is
    /// <paramref name="inverseFrequency"/>.</summary>
    public double Scale(double inverseFrequency)
    {
        if (Type == "linear")
            return inverseFrequency / Factor;
        double wavelength = 2 * Math.PI / inverseFrequency;
        double lowWavelength = OriginalMaxPositions / LowFreqFactor;
        double highWavelength = OriginalMaxPositions / HighFreqFactor;
        if (wavelength < highWavelength)
            return inverseFrequency;
        if (wavelength > lowWavelength)
            return inverseFrequency / Factor;
        double smooth = (OriginalMaxPositions / wavelength - LowFreqFactor) / (HighFreqFactor - LowFreqFactor);
        return (1 - smooth) * inverseFrequency / Factor + smooth * inverseFrequency;
    }
}
