using System.Runtime.CompilerServices;
using Plumb.Runtime;

// Torch's random generator, thread count and default dtype are process-wide: tests that run at the same time
// would change each other's numbers. The suite is short, so run it one test class at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Plumb.Tests;

internal static class TestInit
{
    /// <summary>Repairs TorchSharp's native library before any test touches a tensor.</summary>
    [ModuleInitializer]
    internal static void Run() => TorchRuntime.Initialize();
}
