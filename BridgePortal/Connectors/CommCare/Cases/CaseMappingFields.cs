using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BridgePortal.Connectors.CommCare.Cases;

/// <summary>The checks on single values of the case-mapping setting, each adding its problem with its path to <c>errors</c>.</summary>
internal static partial class CaseMappingFields
{
    internal static string? CaseType(string at, JsonObject o, List<string> errors)
    {
        var caseType = Text(at, o, "caseType", errors);
        if (caseType is null)
        {
            errors.Add($"{at}: \"caseType\" is required (the CommCare case type, e.g. participant).");
        }
        else if (!CaseTypeName().IsMatch(caseType))
        {
            errors.Add($"{at}.caseType: '{caseType}' is not a CommCare case type (letters, digits, _ and -).");
            return null;
        }

        return caseType;
    }

    internal static string? Path(string at, JsonObject o, string key, bool required, List<string> errors)
    {
        var path = Text(at, o, key, errors);
        if (path is null)
        {
            if (required)
            {
                errors.Add($"{at}: \"{key}\" is required (a field path, e.g. Name).");
            }

            return null;
        }

        if (!FieldPath().IsMatch(path))
        {
            errors.Add($"{at}.{key}: '{path}' is not a field path (API names joined by '.', e.g. Training_Group__r.Name).");
            return null;
        }

        return path;
    }

    internal static string? Text(string at, JsonObject o, string key, List<string> errors)
    {
        if (!o.TryGetPropertyValue(key, out var node) || node is null)
        {
            return null;
        }

        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Trim() is { Length: > 0 } text)
        {
            return text;
        }

        errors.Add($"{at}.{key}: must be a non-empty string.");
        return null;
    }

    internal static void Unknown(string at, JsonObject o, string[] known, List<string> errors)
    {
        foreach (var key in o.Select(p => p.Key).Where(k => !known.Contains(k, StringComparer.Ordinal)))
        {
            errors.Add($"{at}: unknown key '{key}' (known: {string.Join(", ", known)}).");
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,79}$")]
    internal static partial Regex ApiName();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)*$")]
    internal static partial Regex FieldPath();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_\\-]{0,254}$")]
    internal static partial Regex XmlName();

    [GeneratedRegex("^[A-Za-z0-9_\\-]{1,255}$")]
    internal static partial Regex CaseTypeName();
}
