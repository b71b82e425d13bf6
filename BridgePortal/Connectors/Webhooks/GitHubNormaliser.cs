using System.Text.Json.Nodes;

namespace BridgePortal.Connectors.Webhooks;

/// <summary>GitHub events → documents: a push gives one <c>commit</c> per commit; issues and pull requests one document per id + action.</summary>
public static class GitHubNormaliser
{
    public const string Source = "github";

    public static IEnumerable<WebhookDocument> Normalise(string @event, string? deliveryId, JsonNode payload, byte[] body, WebhookMetadata meta) =>
        @event switch
        {
            "push" when payload.At("commits") is JsonArray { Count: > 0 } commits => Push(payload, commits, meta),
            "issues" when payload.At("issue") is JsonObject issue => [Issue("issue", @event, payload, issue, meta)],
            "pull_request" when payload.At("pull_request") is JsonObject pr => [Issue("pull_request", @event, payload, pr, meta)],
            _ => [WebhookDocument.Raw(Source, @event, deliveryId, body, payload, meta)],
        };

    /// <summary>One commit document, as a push webhook or the REST API's commit list describes it.</summary>
    public static WebhookDocument Commit(string @event, string repo, string? branch, JsonNode commit, WebhookMetadata meta) =>
        new("commit", commit.Text("id")!, Source, @event, meta.Prj, meta.QualityModel,
            commit.Time("timestamp"),
            commit.Text("author", "username") ?? commit.Text("author", "name"),
            commit.Text("message"), null, commit.Text("url"), repo,
            new JsonObject
            {
                ["sha"] = commit.Text("id"),
                ["repo"] = repo,
                ["branch"] = branch,
                ["author_name"] = commit.Text("author", "name"),
                ["author_email"] = commit.Text("author", "email"),
                ["author_username"] = commit.Text("author", "username"),
                ["added"] = commit.Count("added"),
                ["removed"] = commit.Count("removed"),
                ["modified"] = commit.Count("modified"),
            });

    private static IEnumerable<WebhookDocument> Push(JsonNode payload, JsonArray commits, WebhookMetadata meta)
    {
        var repo = payload.Text("repository", "full_name") ?? "";
        var reference = payload.Text("ref");
        var branch = reference?.StartsWith("refs/heads/", StringComparison.Ordinal) == true ? reference["refs/heads/".Length..] : reference;
        return commits.OfType<JsonObject>().Where(c => c.Text("id") is { Length: > 0 }).Select(c => Commit("push", repo, branch, c, meta));
    }

    private static WebhookDocument Issue(string type, string @event, JsonNode payload, JsonObject item, WebhookMetadata meta)
    {
        var action = payload.Text("action") ?? "unknown";
        var data = new JsonObject
        {
            ["github_id"] = item.Copy("id"),
            ["number"] = item.Copy("number"),
            ["action"] = action,
            ["state"] = item.Text("state"),
            ["author"] = item.Text("user", "login"),
            ["assignee"] = item.Text("assignee", "login"),
            ["labels"] = new JsonArray([.. (item.At("labels") as JsonArray ?? []).Select(l => (JsonNode?)JsonValue.Create(l.Text("name")))]),
            ["created_at"] = item.Text("created_at"),
            ["updated_at"] = item.Text("updated_at"),
            ["closed_at"] = item.Text("closed_at"),
        };
        if (type == "pull_request")
        {
            data["merged"] = item.Copy("merged");
            data["merged_at"] = item.Text("merged_at");
            data["head"] = item.Text("head", "ref");
            data["base"] = item.Text("base", "ref");
            data["commits"] = item.Copy("commits");
            data["additions"] = item.Copy("additions");
            data["deletions"] = item.Copy("deletions");
            data["changed_files"] = item.Copy("changed_files");
        }

        return new(type, $"{item.Text("id")}:{action}", Source, $"{@event}.{action}", meta.Prj, meta.QualityModel,
            item.Time("updated_at") ?? item.Time("created_at"),
            payload.Text("sender", "login") ?? item.Text("user", "login"),
            item.Text("title"), item.Text("state"), item.Text("html_url"), payload.Text("repository", "full_name"), data);
    }
}
