using System.Runtime.CompilerServices;
using Plumb.Runtime;

namespace Plumb.Tests;

internal static class TestInit
{
    /// <summary>Repairs TorchSharp's native library before any test touches a tensor.</summary>
    [ModuleInitializer]
    internal static void Run() => TorchRuntime.Initialize();
}
