using System.Text.RegularExpressions;

namespace BridgePortal.Connectors.Abstractions;

/// <summary>
/// Hides a connection's details in a text meant for someone who may see the bridge but not its connections (Viewers,
/// Admins, other users: README "Users and roles"). Error sentences name the server so that its owner can fix it;
/// everyone else reads the same sentence with every address of the connection, and any URL, replaced.
/// </summary>
public static partial class ConnectionDetails
{
    public const string Hidden = "[the connection's server]";

    public static string Redact(string text, string? settingsJson)
    {
        var variants = SettingsJson.Read(settingsJson).Values
            .Where(v => v.Length >= 3)
            .SelectMany(Variants)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(v => v.Length); // the whole URL before its host, so no tail of it is left
        foreach (var variant in variants)
        {
            text = text.Replace(variant, Hidden, StringComparison.OrdinalIgnoreCase);
        }

        return AnyUrl().Replace(text, Hidden);
    }

    private static IEnumerable<string> Variants(string value)
    {
        yield return value;
        yield return value.TrimEnd('/');
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Host.Length > 0)
        {
            yield return uri.GetLeftPart(UriPartial.Authority);
            yield return uri.Authority;
            yield return uri.Host;
        }
    }

    [GeneratedRegex(@"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s""'<>)]+")]
    private static partial Regex AnyUrl();
}
