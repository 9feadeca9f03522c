namespace Plumb.Objectives;

/// <summary>An objective's options record: validated before any tensor is touched.</summary>
public interface IObjectiveOptions
{
    /// <summary>Throws a <see cref="PlumbException"/> naming the objective when an option is out of range.</summary>
    void Validate(string objective);
}

/// <summary>Validates options on the way into an objective's constructor.</summary>
internal static class Valid
{
    public static T Options<T>(T options, string objective) where T : IObjectiveOptions
    {
        options.Validate(objective);
        return options;
    }

    public static void Positive(double value, string option, string objective)
    {
        if (!(value > 0.0) || double.IsInfinity(value))
            throw new PlumbException($"{option} must be a positive number for '{objective}'; got {value}.");
    }

    public static void NonNegative(double value, string option, string objective)
    {
        if (!(value >= 0.0) || double.IsInfinity(value))
            throw new PlumbException($"{option} must be zero or positive for '{objective}'; got {value}.");
    }
}
