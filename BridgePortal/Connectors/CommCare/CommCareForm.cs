using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BridgePortal.Connectors.CommCare;

/// <summary>
/// One CommCare form as the Form API lists it and the data forwarder posts it:
/// <c>{id, form:{"@name", "@xmlns", …, meta:{instanceID, userID, timeStart, timeEnd}}, received_on, …}</c>.
/// </summary>
public sealed record CommCareForm(string Id, string? Xmlns, string? Name, DateTimeOffset? ReceivedOn, JsonObject Root)
{
    /// <summary>What routes a form: its xmlns (unique per form definition), else its name.</summary>
    public string FormType => Xmlns ?? Name ?? "(no form type)";

    /// <summary>The answers: the <c>form</c> object.</summary>
    public JsonObject Fields => (JsonObject)Root["form"]!;

    /// <summary>The form's own case blocks' ids (<c>form.case.@case_id</c>, also inside repeats), in document order.</summary>
    public IReadOnlyList<string> CaseIds => [.. CaseBlocks(Fields).Select(c => c["@case_id"]?.GetValue<string>()).OfType<string>().Distinct()];

    /// <summary>Reads a form; <see cref="FormatException"/> with a precise reason when it is not one.</summary>
    public static CommCareForm Parse(JsonObject root)
    {
        if (root["form"] is not JsonObject form)
        {
            throw new FormatException("A CommCare form has a 'form' object (the answers); this body has none. Forward forms in JSON.");
        }

        var id = Text(root["id"]) ?? Text(form["meta"]?["instanceID"])
            ?? throw new FormatException("The form has neither an 'id' nor a 'form.meta.instanceID': it cannot be stored idempotently.");
        var received = DateTimeOffset.TryParse(Text(root["received_on"]), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : (DateTimeOffset?)null;
        return new CommCareForm(id, Text(form["@xmlns"]), Text(form["@name"]), received, root);
    }

    /// <summary>Reads a form from JSON text; <see cref="FormatException"/> when it is not JSON or not a form.</summary>
    public static CommCareForm Parse(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new FormatException($"Malformed JSON: {e.Message}", e);
        }

        return node is JsonObject o ? Parse(o) : throw new FormatException("A CommCare form is a JSON object.");
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number && v.ToString() is { Length: > 0 } s && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;

    private static IEnumerable<JsonObject> CaseBlocks(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "case" && p.Value is JsonObject c ? [c] : CaseBlocks(p.Value)),
        JsonArray a => a.SelectMany(CaseBlocks),
        _ => [],
    };
}
