using System.Text;
using Plumb.Runtime;
using TorchSharp;

namespace Plumb.Tests.Runtime;

public sealed class TorchRuntimeTests
{
    private static string ShippedNativeLibrary()
    {
        // The build output's copy; the module initializer may already have weakened its need.
        string dir = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
        return Path.Combine(dir, "libLibTorchSharp.so");
    }

    [Fact]
    public void Should_run_a_tensor_operation_after_initialisation()
    {
        using var product = torch.ones(3, 3).matmul(torch.ones(3, 3));
        Assert.Equal(27f, product.sum().item<float>());
    }

    [Fact]
    public void Should_find_the_pinned_libstdcxx_version_need_in_the_shipped_library()
    {
        if (!OperatingSystem.IsLinux()) return;
        var elf = ElfVersionNeeds.Parse(File.ReadAllBytes(ShippedNativeLibrary()));

        var need = Assert.Single(elf.Needs, n => n.Version == TorchRuntime.PinnedVersion);
        Assert.Equal("libstdc++.so.6", need.Library);
        Assert.Contains(elf.Needs, n => n.Version == "GLIBC_2.2.5");
    }

    [Fact]
    public void Should_weaken_the_need_once_and_then_do_nothing_When_the_host_lacks_the_version()
    {
        if (!OperatingSystem.IsLinux()) return;
        string copy = Path.Combine(Path.GetTempPath(), $"plumb-elf-{Guid.NewGuid():N}.so");
        File.Copy(ShippedNativeLibrary(), copy);
        try
        {
            // Given a copy whose need is strong again, and a host library that stops at GLIBCXX_3.4.30
            var original = ElfVersionNeeds.Parse(File.ReadAllBytes(copy));
            var need = original.Needs.Single(n => n.Version == TorchRuntime.PinnedVersion);
            var strong = File.ReadAllBytes(copy);
            strong[need.FlagsOffset] = (byte)(strong[need.FlagsOffset] & ~ElfVersionNeeds.WeakFlag);
            File.WriteAllBytes(copy, strong);
            byte[] oldHost = Encoding.ASCII.GetBytes("\0GLIBCXX_3.4.29\0GLIBCXX_3.4.30\0");

            // When repaired twice
            string? first = TorchRuntime.Repair(copy, oldHost);
            string? second = TorchRuntime.Repair(copy, oldHost);

            // Then the first call weakens exactly that need, and the second finds nothing to do
            Assert.NotNull(first);
            Assert.Null(second);
            var repaired = ElfVersionNeeds.Parse(File.ReadAllBytes(copy));
            Assert.True(repaired.Needs.Single(n => n.Version == TorchRuntime.PinnedVersion).IsWeak);
            Assert.Equal(strong.Length, new FileInfo(copy).Length);
            Assert.False(File.Exists(copy + ".plumb-tmp"));
        }
        finally
        {
            File.Delete(copy);
        }
    }

    [Fact]
    public void Should_leave_the_library_untouched_When_the_host_provides_the_version()
    {
        if (!OperatingSystem.IsLinux()) return;
        string copy = Path.Combine(Path.GetTempPath(), $"plumb-elf-{Guid.NewGuid():N}.so");
        File.Copy(ShippedNativeLibrary(), copy);
        try
        {
            byte[] before = File.ReadAllBytes(copy);
            byte[] newHost = Encoding.ASCII.GetBytes("\0GLIBCXX_3.4.32\0GLIBCXX_3.4.33\0");

            Assert.Null(TorchRuntime.Repair(copy, newHost));
            Assert.Equal(before, File.ReadAllBytes(copy));
        }
        finally
        {
            File.Delete(copy);
        }
    }

    [Fact]
    public void Should_not_mistake_a_longer_version_name_for_the_pinned_one()
    {
        byte[] host = Encoding.ASCII.GetBytes("\0GLIBCXX_3.4.321\0");
        Assert.False(TorchRuntime.HostProvides(host, "GLIBCXX_3.4.32"));
    }

    [Fact]
    public void Should_explain_what_to_do_When_cuda_is_requested_without_a_cuda_build()
    {
        if (torch.cuda.is_available()) return;
        var error = Assert.Throws<PlumbException>(() => Devices.Resolve("cuda"));
        Assert.Contains("TorchSharp-cuda-linux", error.Message);
        Assert.Contains("--device cpu", error.Message);
        Assert.Equal(torch.CPU.type, Devices.Resolve("cpu").type);
    }
}
