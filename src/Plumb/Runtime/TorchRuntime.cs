using System.Runtime.InteropServices;
using System.Text;

namespace Plumb.Runtime;

/// <summary>
/// Makes TorchSharp's native library loadable on hosts whose libstdc++ is older than the one it was built against.
/// </summary>
/// <remarks>
/// TorchSharp 0.107.0's <c>libLibTorchSharp.so</c> asks for <c>GLIBCXX_3.4.32</c> (GCC 13) only to pin
/// <c>std::ios_base_library_init</c>, which it never relocates. Debian 12 and Ubuntu 22.04 ship GCC 12's
/// libstdc++ (newest tag <c>GLIBCXX_3.4.30</c>), so the load fails. Marking that one version need weak
/// turns the failure into a loader note. Only the build output's copy is edited, atomically, and only when
/// the host's libstdc++ lacks the tag. See docs/runtime.md.
/// </remarks>
public static class TorchRuntime
{
    private const string NativeName = "libLibTorchSharp.so";
    private const string Libstdcxx = "libstdc++.so.6";

    /// <summary>The only version need verified safe to weaken; see the remarks.</summary>
    internal const string PinnedVersion = "GLIBCXX_3.4.32";

    private static readonly Lock Gate = new();
    private static bool _done;

    /// <summary>What <see cref="Initialize"/> did on this process's first call, or null when it did nothing.</summary>
    public static string? Note { get; private set; }

    /// <summary>
    /// Prepares the native library once per process. Safe to call any number of times and on any OS.
    /// </summary>
    public static void Initialize()
    {
        lock (Gate)
        {
            if (_done)
                return;
            _done = true;
            if (!OperatingSystem.IsLinux())
                return;
            string? native = FindNativeLibrary(AppContext.BaseDirectory);
            string? hostLib = FindLoadedLibstdcxx();
            if (native is null || hostLib is null)
                return;
            Note = Repair(native, File.ReadAllBytes(hostLib));
        }
    }

    /// <summary>
    /// Weakens the pinned version need in <paramref name="nativePath"/> when the host's libstdc++ image
    /// lacks it. Returns a one-line note of what was done, or null when nothing was needed.
    /// </summary>
    internal static string? Repair(string nativePath, byte[] hostLibstdcxx)
    {
        if (HostProvides(hostLibstdcxx, PinnedVersion))
            return null;

        var elf = ElfVersionNeeds.Parse(File.ReadAllBytes(nativePath));
        var need = elf.Needs.FirstOrDefault(n => n.Library == Libstdcxx && n.Version == PinnedVersion);
        if (need is null || need.IsWeak)
            return null;

        // Write beside the original, then rename over it: a crash never leaves a half-written library.
        string temp = nativePath + ".plumb-tmp";
        File.WriteAllBytes(temp, elf.WithWeak(need));
        File.Move(temp, nativePath, overwrite: true);
        return $"plumb: this host's libstdc++ lacks {PinnedVersion}; marked that version need weak in {nativePath} "
            + "(it pins no relocated symbol; see docs/runtime.md)";
    }

    internal static bool HostProvides(byte[] libstdcxx, string version)
    {
        // Version definitions are NUL-terminated names in .dynstr; match the whole name.
        var needle = Encoding.ASCII.GetBytes(version + "\0");
        return libstdcxx.AsSpan().IndexOf(needle) >= 0;
    }

    private static string? FindNativeLibrary(string baseDirectory)
    {
        string arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        string[] candidates =
        [
            Path.Combine(baseDirectory, NativeName),
            Path.Combine(baseDirectory, "runtimes", $"linux-{arch}", "native", NativeName),
        ];
        return candidates.FirstOrDefault(File.Exists);
    }

    private static string? FindLoadedLibstdcxx()
    {
        // The .NET runtime itself links libstdc++, so the copy the loader chose is already mapped.
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps))
            return null;
        return File.ReadLines(maps)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length >= 6
                && Path.GetFileName(parts[5]).StartsWith("libstdc++.so", StringComparison.Ordinal))
            .Select(parts => parts[5])
            .FirstOrDefault(File.Exists);
    }
}
