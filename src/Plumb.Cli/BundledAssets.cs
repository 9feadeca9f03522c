using System.Reflection;
using Plumb.Synthetic;

namespace Plumb.Cli;

/// <summary>
/// The tiny model and preference data embedded in this assembly (from the repository's <c>assets/</c>), written
/// out where a command needs them, so that a dotnet-tool install carries them too.
/// </summary>
internal static class BundledAssets
{
    private const string Prefix = "assets/";

    /// <summary>The model's folder, as in <c>assets/</c>.</summary>
    public const string ModelFolder = TinyAssets.ModelFolder;

    /// <summary>The data's folder, as in <c>assets/</c>.</summary>
    public const string DataFolder = TinyAssets.DataFolder;

    /// <summary>The files of the model directory that describe its tokenizer.</summary>
    public static IReadOnlyList<string> TokenizerFiles { get; } =
        ["tokenizer.json", "tokenizer_config.json", "generation_config.json"];

    /// <summary>
    /// Writes the model and data folders under <paramref name="target"/>, from <paramref name="source"/> (a
    /// directory <c>plumb dev make-tiny</c> wrote) or else from the embedded copies; returns their paths.
    /// </summary>
    public static (string ModelDir, string DataDir) Extract(string target, string? source = null)
    {
        if (source is null)
            ExtractEmbedded(target);
        else
            foreach (string folder in new[] { ModelFolder, DataFolder })
                CopyFolder(source, target, folder);
        return (Path.Combine(target, ModelFolder), Path.Combine(target, DataFolder));
    }

    /// <summary>The embedded files' relative paths, e.g. <c>tiny/config.json</c>.</summary>
    public static IEnumerable<string> Names() => Resources().Select(r => r.Name);

    // A build on Windows names resources with its own separator; both are read as '/'.
    private static IEnumerable<(string Name, string Resource)> Resources() => Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
        .Select(n => (n[Prefix.Length..].Replace('\\', '/'), n));

    private static Assembly Assembly => typeof(BundledAssets).Assembly;

    private static void ExtractEmbedded(string target)
    {
        var resources = Resources().ToList();
        if (!resources.Any(r => r.Name.StartsWith(ModelFolder + "/", StringComparison.Ordinal)))
            throw new PlumbException("this build of plumb carries no bundled model (assets/tiny was missing when "
                + "it was built); rebuild the assets with 'plumb dev make-tiny' or pass --assets DIR.");
        foreach (var (name, resourceName) in resources)
        {
            string path = Path.Combine(target, name.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var resource = Assembly.GetManifestResourceStream(resourceName)!;
            using var file = File.Create(path);
            resource.CopyTo(file);
        }
    }

    private static void CopyFolder(string source, string target, string folder)
    {
        string from = Path.Combine(source, folder);
        if (!Directory.Exists(from))
            throw new PlumbException($"--assets {source}: it has no {folder}/ folder; pass a directory written "
                + "by 'plumb dev make-tiny --out DIR'.");
        foreach (string file in Directory.EnumerateFiles(from))
        {
            string to = Path.Combine(target, folder, Path.GetFileName(file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to, overwrite: true);
        }
    }
}
