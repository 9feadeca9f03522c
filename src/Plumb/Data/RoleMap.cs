namespace Plumb.Data;

/// <summary>
/// Maps message roles to system/user/assistant, so ShareGPT-style <c>{from, value}</c> messages read like
/// <c>{role, content}</c> ones.
/// </summary>
public sealed record RoleMap
{
    private static readonly string[] Targets = ["system", "user", "assistant"];

    /// <summary>human→user, gpt→assistant, system→system; the standard names map to themselves.</summary>
    public static RoleMap Default { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["human"] = "user",
        ["gpt"] = "assistant",
        ["system"] = "system",
        ["user"] = "user",
        ["assistant"] = "assistant",
    });

    private RoleMap(IReadOnlyDictionary<string, string> roles) => Roles = roles;

    /// <summary>Source role name to target role.</summary>
    public IReadOnlyDictionary<string, string> Roles { get; }

    /// <summary>Adds or overrides mappings written as <c>bot=assistant,customer=user</c>.</summary>
    public static RoleMap Parse(string? text)
    {
        var roles = new Dictionary<string, string>(Default.Roles, StringComparer.Ordinal);
        foreach (var (source, target) in ColumnMap.Pairs(text, "--roles"))
        {
            if (!Targets.Contains(target))
                throw new PlumbException($"--roles: '{source}={target}' maps to an unknown role; " +
                    "map to system, user or assistant.");
            roles[source] = target;
        }
        return new RoleMap(roles);
    }

    /// <summary>The target role for <paramref name="role"/>, or null when it is not mapped.</summary>
    public string? Map(string role) => Roles.TryGetValue(role, out var target) ? target : null;
}
