namespace BridgePortal.Connectors.Abstractions;

/// <summary>Reads yes/no settings as people and older versions wrote them ("true", "yes", "on", "1" …).</summary>
public static class SettingValues
{
    private static readonly string[] Yes = ["true", "yes", "y", "on", "1"];
    private static readonly string[] No = ["false", "no", "n", "off", "0"];

    /// <summary>True or false for a recognised spelling, null for empty or anything else.</summary>
    public static bool? ParseYesNo(string? value)
    {
        var v = value?.Trim();
        return string.IsNullOrEmpty(v) ? null
            : Yes.Contains(v, StringComparer.OrdinalIgnoreCase) ? true
            : No.Contains(v, StringComparer.OrdinalIgnoreCase) ? false
            : null;
    }

    /// <summary>The errors of values that do not fit their field's type (non-secret fields only).</summary>
    public static IEnumerable<(string Field, string Error)> TypeErrors(IEnumerable<SettingField> fields, IReadOnlyDictionary<string, string> settings) =>
        fields.Where(f => !f.Secret && settings.GetValueOrDefault(f.Name) is { Length: > 0 } v && !string.IsNullOrWhiteSpace(v) && f.Problem(v) is not null)
            .Select(f => (f.Name, f.Problem(settings[f.Name])!));

    /// <summary>Rewrites yes/no and choice values to their canonical spelling in place (unreadable ones are left for the errors).</summary>
    public static void Canonicalize(IEnumerable<SettingField> fields, IDictionary<string, string> settings)
    {
        foreach (var field in fields.Where(f => !f.Secret && f.Type != SettingType.Text && settings.ContainsKey(f.Name)))
        {
            settings[field.Name] = field.Canonical(settings[field.Name]);
        }
    }
}
