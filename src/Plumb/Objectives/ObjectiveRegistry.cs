namespace Plumb.Objectives;

/// <summary>
/// Every objective by name (TRL's spelling where TRL has it), with its description, needs and factory.
/// </summary>
public static class ObjectiveRegistry
{
    private static readonly IReadOnlyList<RegistryEntry> All = RegistryEntries.Build();

    private static readonly Dictionary<string, RegistryEntry> ByName =
        All.ToDictionary(e => e.Name, StringComparer.Ordinal);

    /// <summary>The registered names, in registration order.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(e => e.Name).ToList();

    /// <summary>Each objective's name, description and needs, with default options.</summary>
    public static IReadOnlyList<ObjectiveInfo> Entries { get; } = All.Select(e => e.Describe()).ToList();

    public static bool Contains(string name) => ByName.ContainsKey(name);

    /// <summary>The named objective's description and needs.</summary>
    public static ObjectiveInfo Describe(string name) => Find(name).Describe();

    /// <summary>
    /// A paired objective with the settings applied, wrapped in LD-DPO (not for <c>sft</c>) and WPO when set.
    /// </summary>
    public static IPreferenceObjective CreatePaired(string name, ObjectiveSettings? settings = null)
    {
        var s = settings ?? ObjectiveSettings.Default;
        var entry = Find(name);
        if (entry.Paired is null)
            throw new PlumbException(
                $"Objective '{name}' trains on unpaired (labelled) data and cannot take chosen/rejected pairs; "
                + $"use it alone with an unpaired dataset, or choose one of: {string.Join(", ", PairedNames())}.");
        var objective = entry.Paired(s);
        if (s.LdAlpha is { } alpha && name != SftObjective.Name)
            objective = new LengthDesensitization(objective, alpha, s.LdScope);
        return s.UseWeighting ? new WpoWeighting(objective) : objective;
    }

    /// <summary>An unpaired objective (KTO, BCO) with the settings applied.</summary>
    public static IUnpairedObjective CreateUnpaired(string name, ObjectiveSettings? settings = null)
    {
        var s = settings ?? ObjectiveSettings.Default;
        var entry = Find(name);
        if (entry.Unpaired is null)
            throw new PlumbException(
                $"Objective '{name}' trains on chosen/rejected pairs; for unpaired data use one of: "
                + $"{string.Join(", ", All.Where(e => e.Unpaired is not null).Select(e => e.Name))}.");
        if (s.UseWeighting || s.LdAlpha is not null)
            throw new PlumbException(
                $"use_weighting and ld_alpha apply to paired objectives only; remove them for '{name}'.");
        CheckSettingsUsed([name], s);
        return entry.Unpaired(s);
    }

    /// <summary>
    /// Throws unless every given setting is read by at least one of the named objectives
    /// (<see cref="CompositeObjective.Parse"/> and <see cref="CreateUnpaired"/> call it).
    /// </summary>
    public static void CheckSettingsUsed(IReadOnlyCollection<string> names, ObjectiveSettings settings)
    {
        var read = names.SelectMany(n => Find(n).Reads).ToHashSet();
        foreach (var (setting, isSet) in RegistryEntries.GivenSettings(settings))
        {
            if (isSet && !read.Contains(setting))
                throw new PlumbException(
                    $"{setting} is set, but no chosen objective ({string.Join(", ", names)}) uses it; "
                    + "remove it or choose an objective that does.");
        }
    }

    internal static RegistryEntry Find(string name) =>
        ByName.TryGetValue(name, out var entry)
            ? entry
            : throw new PlumbException(
                $"Unknown objective '{name}'. Registered objectives: {string.Join(", ", Names)}.");

    private static IEnumerable<string> PairedNames() => All.Where(e => e.Paired is not null).Select(e => e.Name);
}
