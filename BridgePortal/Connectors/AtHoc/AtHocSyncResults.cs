using System.Text.Json;
using System.Text.Json.Nodes;

namespace BridgePortal.Connectors.AtHoc;

/// <summary>
/// Reads the per-user results of a <c>SyncByCommonNames</c> answer. AtHoc versions differ in the names of the user and
/// status properties, so each is looked up under the names seen, case-insensitively.
/// </summary>
public static class AtHocSyncResults
{
    /// <summary>Username → error (null when updated), from an array of per-user results; null when the answer has none.</summary>
    public static Dictionary<string, (string? Error, bool Seen)>? PerUser(JsonNode? content, string usernameKey)
    {
        var items = content switch
        {
            JsonArray a => a,
            JsonObject o => o.FirstOrDefault(p => p.Value is JsonArray).Value as JsonArray,
            _ => null,
        };
        if (items is null)
        {
            return null;
        }

        var results = new Dictionary<string, (string? Error, bool Seen)>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in items.OfType<JsonObject>())
        {
            var name = Get(item, usernameKey) ?? Get(item, "Username") ?? Get(item, "LoginId");
            if (name is null)
            {
                continue;
            }

            var status = Get(item, "Status") ?? Get(item, "Result") ?? Get(item, "Success") ?? Get(item, "IsSuccess") ?? "success";
            var ok = status.ToLowerInvariant() is "success" or "succeeded" or "ok" or "updated" or "true" or "unchanged";
            results[name] = (ok ? null : Get(item, "Message") ?? Get(item, "Error") ?? Get(item, "ErrorMessage") ?? status, true);
        }

        return results;
    }

    private static string? Get(JsonObject item, string name) =>
        item.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value is JsonValue v
            ? v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString()
            : null;
}
