using System.Text.Json;

namespace BridgePortal.Connectors.Abstractions;

/// <summary>Settings are stored as flat JSON objects of strings.</summary>
public static class SettingsJson
{
    public static Dictionary<string, string> Read(string? json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];

    public static string Write(IReadOnlyDictionary<string, string> settings) =>
        JsonSerializer.Serialize(settings.Where(kv => !string.IsNullOrWhiteSpace(kv.Value)).ToDictionary());

    /// <summary>"Name: value" lines → headers (blank lines ignored).</summary>
    public static IEnumerable<KeyValuePair<string, string>> Headers(string? lines) =>
        (lines ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2 && p[0].Trim().Length > 0)
            .Select(p => KeyValuePair.Create(p[0].Trim(), p[1].Trim()));
}
