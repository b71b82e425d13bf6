using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Bridges;

/// <summary>The checks a bridge's source settings and secrets get on save.</summary>
public static class SourceSettingsValidation
{
    /// <summary>
    /// Required non-secret fields left empty, and values a field's <see cref="SettingField.Validate"/> refuses. An empty
    /// secret keeps the stored one (so it is neither required nor checked here).
    /// </summary>
    public static IEnumerable<(string Field, string Error)> Errors(
        IEnumerable<SettingField> fields, IReadOnlyDictionary<string, string> settings, IReadOnlyDictionary<string, string>? secrets)
    {
        foreach (var field in fields)
        {
            var value = field.Secret ? secrets?.GetValueOrDefault(field.Name) : settings.GetValueOrDefault(field.Name);
            if (field.Required && !field.Secret && string.IsNullOrWhiteSpace(value))
            {
                yield return (field.Name, $"{field.Label} is required.");
            }
            else if (!string.IsNullOrWhiteSpace(value) && !field.Secret && field.Problem(value) is { } typeError)
            {
                yield return (field.Name, typeError);
            }
            else if (!string.IsNullOrEmpty(value) && field.Validate?.Invoke(value) is { } error)
            {
                yield return (field.Name, error);
            }
        }
    }
}
