using System.Text.Json.Nodes;

using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Taiga;

/// <summary>Taiga events → one <c>taiga_task</c> / <c>taiga_userstory</c> / <c>taiga_issue</c> document per entity id (a change is an update).</summary>
public static class TaigaNormaliser
{
    public const string Source = "taiga";

    public static WebhookDocument Normalise(JsonNode payload, ReadOnlyMemory<byte> body, WebhookMetadata meta)
    {
        var type = payload.Text("type") ?? "unknown";
        var action = payload.Text("action") ?? "unknown";
        var data = payload.At("data");
        if (type is not ("task" or "userstory" or "issue") || data.Text("id") is not { } id)
        {
            return WebhookDocument.Raw(Source, $"{type}.{action}", null, body, payload, meta);
        }

        var fields = new JsonObject
        {
            ["taiga_id"] = data.Copy("id"),
            ["ref"] = data.Copy("ref"),
            ["action"] = action,
            ["status"] = data.Text("status", "name"),
            ["is_closed"] = data.Copy("status", "is_closed") ?? data.Copy("is_closed"),
            ["assignee"] = Person(data.At("assigned_to")),
            ["points"] = type == "userstory" ? data.Copy("total_points") : null,
            ["created_date"] = data.Text("created_date"),
            ["modified_date"] = data.Text("modified_date"),
            ["finished_date"] = data.Text("finished_date"),
            ["project"] = data.Text("project", "name"),
            ["milestone"] = data.Text("milestone", "name"),
            ["user_story"] = type == "task" ? data.Copy("user_story", "id") ?? data.Copy("user_story") : null,
            ["deleted"] = action == "delete",
        };
        return new($"taiga_{type}", id, Source, $"{type}.{action}", meta.Prj, meta.QualityModel,
            payload.Time("date") ?? data.Time("modified_date"),
            Person(payload.At("by")), data.Text("subject"), data.Text("status", "name"), data.Text("permalink"), data.Text("project", "name"), fields);
    }

    private static string? Person(JsonNode? person) =>
        person is JsonObject ? person.Text("username") ?? person.Text("full_name") ?? person.Text("full_name_display") : person.Text();
}
