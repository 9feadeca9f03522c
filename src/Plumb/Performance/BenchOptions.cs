namespace Plumb.Performance;

/// <summary>What <see cref="Benchmark"/> measures and how long it spends on each measurement.</summary>
public sealed record BenchOptions
{
    /// <summary>Model shapes by name (see <see cref="BenchShapes"/>).</summary>
    /// <value>The default value is tiny, llama30m and gpt2.</value>
    public IReadOnlyList<string> Shapes { get; init; } = ["tiny", "llama30m", "gpt2"];

    /// <summary>Preference pairs (or SFT rows) per step.</summary>
    /// <value>The default value is 2.</value>
    public int Batch { get; init; } = 2;

    /// <summary>Tokens per row: prompt (a quarter) plus completion.</summary>
    /// <value>The default value is 512.</value>
    public int Seq { get; init; } = 512;

    /// <summary>Timed steps per configuration; the median is reported.</summary>
    /// <value>The default value is 3.</value>
    public int Steps { get; init; } = 3;

    /// <summary>Untimed steps first (allocator and thread-pool warm-up).</summary>
    /// <value>The default value is 1.</value>
    public int Warmup { get; init; } = 1;

    /// <summary>Rank of the LoRA configuration.</summary>
    /// <value>The default value is 16.</value>
    public int LoraRank { get; init; } = 16;

    /// <summary>Cases to run; null runs all of <see cref="BenchCases.All"/>.</summary>
    /// <value>The default value is null.</value>
    public IReadOnlyList<string>? Cases { get; init; }

    /// <summary>Whether to make glibc mmap every block of 1 MiB or more first
    /// (<see cref="ProcessMemory.ReturnLargeBlocks"/>): isolated, lower peaks, but each large tensor then
    /// faults its pages in; on GPT-2 DPO that cost 8-15 % of step time against glibc's defaults, which training
    /// uses (docs/BENCHMARKS.md).</summary>
    /// <value>The default value is true.</value>
    public bool ReturnLargeBlocks { get; init; } = true;

    /// <summary>Seconds spent timing each matmul shape.</summary>
    /// <value>The default value is 1.</value>
    public double MatmulSeconds { get; init; } = 1.0;

    /// <summary>The settings of <c>plumb bench --quick</c>: the tiny shape, 64-token rows, two timed steps.
    /// </summary>
    public static BenchOptions Quick { get; } = new()
    {
        Shapes = ["tiny"], Batch = 2, Seq = 64, Steps = 2, Warmup = 1, LoraRank = 4, MatmulSeconds = 0.2,
    };

    /// <summary>Throws when a setting cannot be run, naming it.</summary>
    public void Validate()
    {
        foreach (string shape in Shapes)
            BenchShapes.Config(shape, Seq);
        foreach (string name in Cases ?? [])
            BenchCases.Parse(name);
        if (Batch < 1 || Seq < 8 || Steps < 1 || Warmup < 0 || LoraRank < 1)
            throw new PlumbException(
                "bench needs --batch ≥ 1, --seq ≥ 8, --steps ≥ 1, warm-up ≥ 0 and a LoRA rank ≥ 1.");
    }
}
