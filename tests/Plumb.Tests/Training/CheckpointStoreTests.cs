using Plumb.Training;

namespace Plumb.Tests.Training;

public sealed class CheckpointStoreTests : IDisposable
{
    private readonly CheckpointStore _store =
        new(Directory.CreateTempSubdirectory("plumb-ckpt-").FullName);

    public void Dispose() => Directory.Delete(_store.Root, recursive: true);

    private static void Complete(string dir) =>
        File.WriteAllText(Path.Combine(dir, CheckpointStore.StateFile), "{}");

    [Fact]
    public void Should_ignore_a_half_written_checkpoint_When_finding_the_latest()
    {
        // Given step 10 complete, and a write of step 20 that failed after its first file
        _store.Save(10, Complete);
        Assert.Throws<IOException>(() => _store.Save(20, dir =>
        {
            File.WriteAllText(Path.Combine(dir, "model.safetensors"), "partial");
            throw new IOException("killed (injected)");
        }));

        // Then only step 10 counts, and a later save of step 20 replaces the leftovers
        Assert.EndsWith("checkpoint-000010", _store.Latest());
        Assert.EndsWith("checkpoint-000010", _store.Resolve("latest"));
        _store.Save(20, Complete);
        Assert.Equal([10, 20], _store.List().Select(c => c.Step));
        Assert.False(Directory.Exists(_store.PathFor(20) + ".tmp"));
    }

    [Fact]
    public void Should_explain_When_there_is_nothing_to_resume_from()
    {
        var error = Assert.Throws<PlumbException>(() => _store.Resolve("latest"));

        Assert.Contains("holds no complete checkpoint", error.Message);
        var missing = Assert.Throws<PlumbException>(() => _store.Resolve(_store.PathFor(5)));
        Assert.Contains("is not a complete checkpoint", missing.Message);
    }

    [Fact]
    public void Should_keep_the_newest_k_When_pruning()
    {
        foreach (int step in new[] { 1, 2, 3, 4 })
            _store.Save(step, Complete, keep: 3);

        Assert.Equal([2, 3, 4], _store.List().Select(c => c.Step));
    }
}
