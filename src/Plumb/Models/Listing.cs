namespace Plumb.Models;

/// <summary>Formats a list of names for an error message, eliding the tail of long lists.</summary>
internal static class Listing
{
    public static string Of(IReadOnlyCollection<string> names, int max = 20)
    {
        var shown = string.Join(", ", names.Take(max));
        return names.Count > max ? $"{shown} and {names.Count - max} more" : shown;
    }
}
