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
