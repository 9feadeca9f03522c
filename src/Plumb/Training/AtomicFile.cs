using System.Text;

namespace Plumb.Training;

/// <summary>Writes files so that a crash leaves either the old content or the new, never half.</summary>
internal static class AtomicFile
{
    /// <summary>Writes text beside the target, flushes it to disk, then renames it over the target.</summary>
    public static void WriteAllText(string path, string text)
    {
        string temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Flushes every file under <paramref name="directory"/> to disk (fsync), whoever wrote it.</summary>
    public static void FlushTree(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
            stream.Flush(flushToDisk: true);
        }
    }
}
