using System.Runtime.InteropServices;

namespace Plumb.Performance;

/// <summary>The process's resident memory from /proc (Linux), and a way to isolate one measurement's peak.
/// </summary>
public static class ProcessMemory
{
    /// <summary>Current resident set size in bytes (VmRSS); 0 where /proc is absent.</summary>
    public static long Resident() => Read("VmRSS:");

    /// <summary>Peak resident set size in bytes since start or the last <see cref="ResetPeak"/> (VmHWM).</summary>
    public static long Peak() => Read("VmHWM:");

    /// <summary>
    /// Returns freed heap memory to the OS and resets the peak to the current RSS, so the next
    /// <see cref="Peak"/> reflects only what runs after this call. Returns whether the reset took effect.
    /// </summary>
    public static bool ResetPeak()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Trim();
        try
        {
            // Writing 5 to clear_refs resets VmHWM (Linux 4.0+).
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Makes glibc serve every block of 1 MiB or more by mmap and unmap it on free (a fixed
    /// M_MMAP_THRESHOLD), so freed activations go back to the OS instead of fragmenting the heap.
    /// Returns whether the setting took effect (false off glibc).
    /// </summary>
    /// <remarks>
    /// glibc's threshold otherwise rises to 32 MiB as large blocks are freed; activation-sized blocks then come
    /// from the heap and fragment it. On GPT-2 DPO (2 x 512 tokens) this took the full-DPO peak from 1.27x to
    /// 1.06x the analytic estimate, and LoRA with checkpointing from 4.0 GiB to 1.7 GiB (docs/BENCHMARKS.md).
    /// </remarks>
    // TODO(#6): training keeps glibc's defaults: timed, this cost 9-15 % of a GPT-2 DPO step (page faults) for a
    // 0.85 GiB lower peak; offer it as a memory-saving training option rather than a default.
    public static bool ReturnLargeBlocks()
    {
        if (!OperatingSystem.IsLinux())
            return false;
        try
        {
            const int MmapThreshold = -3;
            return MallOpt(MmapThreshold, 1 << 20) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    private static void Trim()
    {
        if (!OperatingSystem.IsLinux())
            return;
        try
        {
            // glibc keeps freed blocks mapped; without this, a later peak could reuse them unseen.
            MallocTrim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Another C library: the peak may then read low after a larger earlier configuration.
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code, which this project does not enable.
    private static extern int MallOpt(int param, int value);
#pragma warning restore SYSLIB1054

    [DllImport("libc", EntryPoint = "malloc_trim")]
#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code, which this project does not enable.
    private static extern int MallocTrim(nuint pad);
#pragma warning restore SYSLIB1054

    private static long Read(string field)
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path))
            return 0;
        foreach (string line in File.ReadLines(path))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0]) * 1024;
        return 0;
    }
}
