using System.Text.Json.Nodes;

namespace BridgePortal.Connectors.AtHoc;

/// <summary>
/// The only way a user update for AtHoc is built: the username key plus the connection's configured duty-status
/// field(s). Anything else (enable/disable state, names, any other attribute) cannot be added, and fields that
/// look like account state cannot even be configured as duty fields.
/// </summary>
public sealed class DutyUpdateBuilder
{
    private static readonly HashSet<string> Forbidden = new(StringComparer.OrdinalIgnoreCase)
    {
        "ENABLED", "DISABLED", "IsEnabled", "IsDisabled", "Enable", "Disable", "USER_STATUS", "Status", "AccountStatus", "IsActive", "Active", "DELETED",
    };

    private readonly string usernameKey;
    private readonly HashSet<string> allowed;

    public DutyUpdateBuilder(string usernameKey, IEnumerable<string> dutyFields)
    {
        this.usernameKey = usernameKey;
        allowed = new HashSet<string>(dutyFields, StringComparer.OrdinalIgnoreCase);
        if (allowed.FirstOrDefault(IsForbidden) is { } bad)
        {
            throw new AtHocException($"'{bad}' is an account-state attribute and can never be a duty-status field.");
        }
    }

    public static bool IsForbidden(string field) => Forbidden.Contains(field) || field.Contains("enable", StringComparison.OrdinalIgnoreCase) || field.Contains("disable", StringComparison.OrdinalIgnoreCase);

    /// <summary>{usernameKey: username, field: value, …}; throws when a field is not on the allow-list.</summary>
    public JsonObject Build(string username, IReadOnlyDictionary<string, string> values)
    {
        var user = new JsonObject { [usernameKey] = username };
        foreach (var (field, value) in values)
        {
            if (!allowed.Contains(field) || IsForbidden(field))
            {
                throw new AtHocException($"The attribute '{field}' is not a configured duty-status field; only {string.Join(", ", allowed)} may be sent.");
            }

            user[field] = value;
        }

        return user;
    }
}
