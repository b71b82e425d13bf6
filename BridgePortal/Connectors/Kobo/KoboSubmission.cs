using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Kobo;

/// <summary>
/// One Kobo submission as a record: natural id <c>_id</c>, payload in a canonical form (keys sorted, no whitespace)
/// so that the same submission polled and pushed by the REST service hashes the same.
/// </summary>
/// <remarks>
/// Why <c>_id</c>: it is the submission's primary key on the Kobo server (unique across its projects) and an edit
/// keeps it, while <c>_uuid</c> becomes the edit's new <c>meta/instanceID</c>. <c>meta/rootUuid</c> is stable too, but
/// the data API fills it in from the current <c>meta/instanceID</c> for submissions stored before Kobo recorded
/// root uuids, so for those it changes with an edit. The polling cursor is <c>_id</c> as well.
/// </remarks>
public static class KoboSubmission
{
    public static InboundRecord ToRecord(JsonObject submission)
    {
        if (Id(submission) is not { } id || id <= 0)
        {
            throw new FormatException("The submission has no _id (a positive integer): it is the key that joins a submission's pushed and polled copies and its edits.");
        }

        return new InboundRecord(id.ToString(CultureInfo.InvariantCulture), Canonical(submission));
    }

    /// <summary>The submission's <c>_id</c>, the polling cursor.</summary>
    public static long? Id(JsonObject submission) =>
        submission["_id"] is JsonValue v && v.TryGetValue<long>(out var id) ? id
        : long.TryParse(Text(submission["_id"]), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;

    private static string? Text(JsonNode? node) => node is JsonValue v
        ? v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>() is { Length: > 0 } s ? s : null,
            JsonValueKind.Number => v.ToJsonString(),
            _ => null,
        }
        : null;

    private static string Canonical(JsonObject submission)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        // Relaxed escaping keeps non-Latin answers readable (and small); the payload is JSON, never HTML.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, submission);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                writer.WriteStartObject();
                foreach (var (name, value) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(name);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray a:
                writer.WriteStartArray();
                foreach (var item in a)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
