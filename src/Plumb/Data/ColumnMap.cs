namespace Plumb.Data;

/// <summary>Which source column holds each field, e.g. <c>prompt=question,chosen=response_j</c>.</summary>
public sealed record ColumnMap
{
    /// <summary>The TRL column names: prompt, chosen, rejected, completion, label.</summary>
    public static ColumnMap Default { get; } = new();

    /// <summary>Prompt column. <value>The default value is "prompt".</value></summary>
    public string Prompt { get; init; } = "prompt";

    /// <summary>Chosen column. <value>The default value is "chosen".</value></summary>
    public string Chosen { get; init; } = "chosen";

    /// <summary>Rejected column. <value>The default value is "rejected".</value></summary>
    public string Rejected { get; init; } = "rejected";

    /// <summary>Completion column of unpaired data. <value>The default value is "completion".</value></summary>
    public string Completion { get; init; } = "completion";

    /// <summary>Label column of unpaired data. <value>The default value is "label".</value></summary>
    public string Label { get; init; } = "label";

    /// <summary>Parses <c>field=column,...</c>; fields not named keep their defaults.</summary>
    public static ColumnMap Parse(string? text)
    {
        var map = Default;
        foreach (var (field, column) in Pairs(text, "--columns"))
        {
            map = field switch
            {
                "prompt" => map with { Prompt = column },
                "chosen" => map with { Chosen = column },
                "rejected" => map with { Rejected = column },
                "completion" => map with { Completion = column },
                "label" => map with { Label = column },
                _ => throw new PlumbException(
                    $"--columns: unknown field '{field}'; use prompt, chosen, rejected, completion or label."),
            };
        }
        return map;
    }

    /// <summary>Splits <c>a=b,c=d</c> into pairs, with errors that name the option.</summary>
    internal static IEnumerable<(string Key, string Value)> Pairs(string? text, string option)
    {
        if (string.IsNullOrWhiteSpace(text))
            yield break;
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0 || eq == part.Length - 1)
                throw new PlumbException($"{option}: '{part}' is not key=value; write e.g. prompt=question.");
            yield return (part[..eq].Trim(), part[(eq + 1)..].Trim());
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"prompt={Prompt},chosen={Chosen},rejected={Rejected},completion={Completion},label={Label}";
}
