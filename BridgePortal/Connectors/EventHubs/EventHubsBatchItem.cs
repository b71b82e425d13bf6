using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Data.Model;

namespace BridgePortal.Connectors.EventHubs;

/// <summary>
/// One event of a REST batch (<c>application/vnd.microsoft.servicebus.json</c>): an object with <c>Body</c>,
/// <c>UserProperties</c> and, when a partition-key path is set, <c>BrokerProperties.PartitionKey</c>.
/// </summary>
public static class EventHubsBatchItem
{
    /// <summary>One batch item: the payload as Body, the bridge's properties, the partition key if configured.</summary>
    public static byte[] Serialize(Bridge bridge, OutboundRecord record, string[]? partitionPath)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(record.Payload.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("Body", record.Payload);
            writer.WriteStartObject("UserProperties");
            writer.WriteString("bridgeId", bridge.Id.ToString());
            writer.WriteString("naturalId", record.NaturalId);
            writer.WriteString("source", bridge.SourceKind);
            writer.WriteString("version", record.Version.ToString(CultureInfo.InvariantCulture));
            writer.WriteEndObject();
            if (partitionPath is { Length: > 0 } && PartitionKey(record.Payload, partitionPath) is { } key)
            {
                writer.WriteStartObject("BrokerProperties");
                writer.WriteString("PartitionKey", key);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string? PartitionKey(string payload, string[] path)
    {
        try
        {
            JsonNode? node = JsonNode.Parse(payload);
            foreach (var segment in path)
            {
                node = node is JsonObject o && o.TryGetPropertyValue(segment, out var child) ? child : null;
            }

            return node is JsonValue v ? (v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString()) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
