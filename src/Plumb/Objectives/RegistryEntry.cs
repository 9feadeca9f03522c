namespace Plumb.Objectives;

/// <summary>One registered objective: its name, the settings it reads, and its factory.</summary>
internal sealed record RegistryEntry(
    string Name,
    IReadOnlySet<string> Reads,
    Func<ObjectiveSettings, IPreferenceObjective>? Paired,
    Func<ObjectiveSettings, IUnpairedObjective>? Unpaired)
{
    /// <summary>The objective's info, from an instance built with default options.</summary>
    public ObjectiveInfo Describe() =>
        Paired?.Invoke(ObjectiveSettings.Default).Info ?? Unpaired!(ObjectiveSettings.Default).Info;
}
