using System.Text.Json;
using System.Text.Json.Nodes;
using BridgePortal.Engine;

namespace BridgePortal.Connectors.Kobo;

/// <summary>
/// One Kobo submission as a record: natural id <c>_uuid</c> (else <c>_id</c>), payload in a canonical form (keys
/// sorted, no whitespace) so that the same submission polled and pushed by the REST service hashes the same.
/// </summary>
public static class KoboSubmission
{
    public static InboundRecord ToRecord(JsonObject submission)
    {
        var naturalId = Text(submission["_uuid"]) ?? Text(submission["_id"])
            ?? throw new FormatException("The submission has neither _uuid nor _id.");
        return new InboundRecord(naturalId, Canonical(submission)!.ToJsonString());
    }

    /// <summary>The submission's <c>_id</c>, the polling cursor.</summary>
    public static long? Id(JsonObject submission) =>
        submission["_id"] is JsonValue v && v.TryGetValue<long>(out var id) ? id
        : long.TryParse(Text(submission["_id"]), out var parsed) ? parsed : null;

    private static string? Text(JsonNode? node) => node is JsonValue v
        ? v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>() is { Length: > 0 } s ? s : null,
            JsonValueKind.Number => v.ToJsonString(),
            _ => null,
        }
        : null;

    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Canonical)]),
        null => null,
        _ => JsonNode.Parse(node.ToJsonString()),
    };
}
