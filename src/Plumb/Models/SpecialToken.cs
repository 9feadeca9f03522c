namespace Plumb.Models;

/// <summary>A special token as a model directory declares it: its text and/or id, and the file that said so.</summary>
public sealed record SpecialToken(string? Text, int? Id, string Source)
{
    /// <inheritdoc />
    public override string ToString()
    {
        string id = Id is { } i ? $"id {i}" : "id unknown";
        return Text is null ? $"{id} ({Source})" : $"{Text} ({id}; {Source})";
    }
}
