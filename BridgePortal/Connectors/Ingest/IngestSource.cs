using System.Text.Json;
using System.Text.Json.Nodes;
using BridgePortal.Engine;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Ingest;

/// <summary>
/// The generic push source behind <c>POST /api/ingest/{bridgeKey}</c>: splits a JSON object or array into
/// records. Natural id from the <c>Idempotency-Key</c> header, else the bridge's <c>NaturalIdPath</c>, else generated.
/// </summary>
public static class IngestSource
{
    public const string Kind = "Ingest";
    public const string NaturalIdPath = "NaturalIdPath";

    public static IReadOnlyList<InboundRecord> Split(JsonNode root, string? idempotencyKey, string? naturalIdPath)
    {
        var items = root switch
        {
            JsonObject o => [o],
            JsonArray a when a.Count == 0 => throw new IngestException("The JSON array is empty: send at least one record."),
            JsonArray a => a.Select((n, i) => n as JsonObject ?? throw new IngestException($"Item {i} of the array is not a JSON object.")).ToList(),
            _ => throw new IngestException("The body must be a JSON object or an array of objects."),
        };

        var path = string.IsNullOrWhiteSpace(naturalIdPath) ? null : naturalIdPath.Split('.', StringSplitOptions.RemoveEmptyEntries);
        var records = new List<InboundRecord>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            string naturalId;
            string field;
            if (idempotencyKey is not null)
            {
                naturalId = items.Count == 1 && root is JsonObject ? idempotencyKey : $"{idempotencyKey}:{i}";
                field = "the Idempotency-Key header";
            }
            else if (path is not null)
            {
                naturalId = ValueAt(item, path)
                    ?? throw new IngestException($"Record {i} has no value at '{naturalIdPath}', the bridge's natural id path.");
                field = $"'{naturalIdPath}'";
            }
            else
            {
                naturalId = Guid.NewGuid().ToString("N");
                field = "the generated id";
            }

            if (NaturalIds.Problem(naturalId) is { } problem)
            {
                throw new IngestException($"Record {i}: the natural id from {field} {problem}.");
            }

            var module = item.TryGetPropertyValue("module", out var m) && m is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            records.Add(new InboundRecord(naturalId, item.ToJsonString(), module is { Length: <= 200 } ? module : null));
        }

        return records;
    }

    private static string? ValueAt(JsonNode node, string[] path)
    {
        JsonNode? current = node;
        foreach (var segment in path)
        {
            current = current is JsonObject o && o.TryGetPropertyValue(segment, out var child) ? child : null;
        }

        return current switch
        {
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.ToJsonString(),
            _ => null,
        };
    }
}
