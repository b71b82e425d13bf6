using System.Text.Json;
using System.Text.Json.Nodes;

namespace BridgePortal.Connectors.CommCare.Cases;

/// <summary>
/// One Salesforce record as the REST API, composite responses and Flow HTTP callouts carry it:
/// <c>{"attributes":{"type":"Participant__c","url":…}, "Id":"a0B…", fields…}</c>.
/// </summary>
public sealed record SalesforceRecord(string Type, string Id, JsonObject Fields)
{
    /// <summary>Unique per bridge: a changed record updates its row, the same record again changes nothing.</summary>
    public string NaturalId => $"{Type}:{Id}";

    /// <summary>The object type and 18-character id of <paramref name="node"/>; <see cref="FormatException"/> saying what is missing.</summary>
    public static SalesforceRecord From(JsonNode? node)
    {
        if (node is not JsonObject o)
        {
            throw new FormatException("is not a JSON object");
        }

        var type = Text(o["attributes"] is JsonObject a ? a["type"] : null)
            ?? throw new FormatException("has no attributes.type (the Salesforce object type, e.g. Participant__c)");
        if (type.Length > 200 || !type.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new FormatException($"has an attributes.type '{Clip(type)}' that is not a Salesforce object API name");
        }

        var raw = Text(o["Id"]) ?? throw new FormatException("has no Id");
        var id = SalesforceIds.Normalize(raw)
            ?? throw new FormatException($"has an Id '{Clip(raw)}' that is not a Salesforce record id (15 or 18 letters and digits)");
        return new SalesforceRecord(type, id, o);
    }

    /// <summary>A field's value by dotted path through relationships (e.g. <c>Training_Group__r.Name</c>); missing is not null.</summary>
    public static (bool Present, JsonNode? Value) Field(JsonObject record, string path)
    {
        JsonNode? node = record;
        foreach (var segment in path.Split('.'))
        {
            if (node is not JsonObject o || !o.TryGetPropertyValue(segment, out node))
            {
                return (false, null);
            }
        }

        return (true, node);
    }

    /// <summary>A field as text: strings as they are, numbers and booleans as JSON, null as empty, objects and arrays as JSON.</summary>
    public static string AsText(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Trim() is { Length: > 0 } s ? s : null;

    private static string Clip(string text) => text.Length > 60 ? text[..60] + "…" : text;
}
