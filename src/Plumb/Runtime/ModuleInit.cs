using System.Runtime.CompilerServices;

namespace Plumb.Runtime;

internal static class ModuleInit
{
    /// <summary>Runs before any Plumb type is used, so TorchSharp never loads an unrepaired native library.</summary>
#pragma warning disable CA2255 // The native fix must precede any TorchSharp call, whatever the entry point.
    [ModuleInitializer]
    internal static void Run() => TorchRuntime.Initialize();
#pragma warning restore CA2255
}
