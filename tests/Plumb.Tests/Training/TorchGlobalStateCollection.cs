namespace Plumb.Tests.Training;

/// <summary>
/// Tests that seed or draw from torch's process-wide generator. xunit runs test classes in parallel, and a
/// draw on another thread would shift a dropout mask here, so these classes run one at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TorchGlobalStateCollection
{
    public const string Name = "torch global generator";
}
