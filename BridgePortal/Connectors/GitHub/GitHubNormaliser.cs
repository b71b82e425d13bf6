using System.Text.Json.Nodes;

using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.GitHub;

/// <summary>
/// GitHub → documents. Webhooks: a push gives one <c>commit</c> per commit; issues and pull requests one document per
/// id + action. The back-fill (REST API lists) builds the same documents with the same natural ids through
/// <see cref="Commit"/> and <see cref="Issue"/>, so webhook and back-fill rows coincide.
/// </summary>
public static class GitHubNormaliser
{
    public const string Source = "github";

    /// <summary>The event of documents built from the REST API by the back-fill.</summary>
    public const string BackfillEvent = "backfill";

    public static IEnumerable<WebhookDocument> Normalise(string @event, string? deliveryId, JsonNode payload, ReadOnlyMemory<byte> body, WebhookMetadata meta) =>
        @event switch
        {
            "push" when payload.At("commits") is JsonArray { Count: > 0 } commits => Push(payload, commits, meta),
            "issues" when payload.At("issue") is JsonObject issue => [WebhookIssue("issue", @event, payload, issue, meta)],
            "pull_request" when payload.At("pull_request") is JsonObject pr => [WebhookIssue("pull_request", @event, payload, pr, meta)],
            _ => [WebhookDocument.Raw(Source, @event, deliveryId, body, payload, meta)],
        };

    /// <summary>One commit of a push payload (<c>id, message, timestamp, url, author{name,email,username}, added[]…</c>).</summary>
    public static WebhookDocument PushCommit(string repo, string? branch, JsonNode commit, WebhookMetadata meta) =>
        Commit("push", new GitHubCommit(
            commit.Text("id")!, repo, branch, commit.Time("timestamp"), commit.Text("message"), commit.Text("url"),
            commit.Text("author", "name"), commit.Text("author", "email"), commit.Text("author", "username"),
            commit.Count("added"), commit.Count("removed"), commit.Count("modified")), meta);

    /// <summary>
    /// One item of <c>GET /repos/{owner}/{repo}/commits</c> (<c>sha, html_url, commit{message, author{name,email,date}},
    /// author{login}</c>). The list carries no file counts: they are null.
    /// </summary>
    public static WebhookDocument ListedCommit(string repo, string? branch, JsonNode item, WebhookMetadata meta) =>
        Commit(BackfillEvent, new GitHubCommit(
            item.Text("sha")!, repo, branch, item.Time("commit", "author", "date"), item.Text("commit", "message"), item.Text("html_url"),
            item.Text("commit", "author", "name"), item.Text("commit", "author", "email"), item.Text("author", "login"),
            null, null, null), meta);

    /// <summary>The one place a <c>commit</c> document is shaped, whichever way the commit came.</summary>
    public static WebhookDocument Commit(string @event, GitHubCommit c, WebhookMetadata meta) =>
        new("commit", c.Sha, Source, @event, meta.Prj, meta.QualityModel,
            c.At, c.AuthorUsername ?? c.AuthorName, c.Message, null, c.Url, c.Repo,
            new JsonObject
            {
                ["sha"] = c.Sha,
                ["repo"] = c.Repo,
                ["branch"] = c.Branch,
                ["author_name"] = c.AuthorName,
                ["author_email"] = c.AuthorEmail,
                ["author_username"] = c.AuthorUsername,
                ["added"] = c.Added,
                ["removed"] = c.Removed,
                ["modified"] = c.Modified,
            });

    /// <summary>
    /// One item of <c>GET /repos/{owner}/{repo}/issues?state=all</c> as the documents a webhook would have given for it:
    /// <c>{id}:opened</c>, and <c>{id}:closed</c> when it is closed. Pull requests (items with a <c>pull_request</c> key)
    /// give none: the list names them by their issue id, while webhooks use the pull request's own id.
    /// </summary>
    public static IEnumerable<WebhookDocument> ListedIssue(string repo, JsonObject item, WebhookMetadata meta)
    {
        if (item.At("pull_request") is not null)
        {
            yield break;
        }

        yield return Issue("issue", BackfillEvent, "opened", item, repo, item.Text("user", "login"), item.Time("created_at"), meta);
        if (item.Time("closed_at") is { } closed)
        {
            yield return Issue("issue", BackfillEvent, "closed", item, repo, item.Text("closed_by", "login"), closed, meta);
        }
    }

    /// <summary>The one place an <c>issue</c> or <c>pull_request</c> document is shaped.</summary>
    public static WebhookDocument Issue(
        string type, string @event, string action, JsonObject item, string? repo, string? actor, DateTimeOffset? occurredAt, WebhookMetadata meta)
    {
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

        return new(type, $"{item.Text("id")}:{action}", Source, @event, meta.Prj, meta.QualityModel,
            occurredAt, actor, item.Text("title"), item.Text("state"), item.Text("html_url"), repo, data);
    }

    private static IEnumerable<WebhookDocument> Push(JsonNode payload, JsonArray commits, WebhookMetadata meta)
    {
        var repo = payload.Text("repository", "full_name") ?? "";
        var reference = payload.Text("ref");
        var branch = reference?.StartsWith("refs/heads/", StringComparison.Ordinal) == true ? reference["refs/heads/".Length..] : reference;
        return commits.OfType<JsonObject>().Where(c => c.Text("id") is { Length: > 0 }).Select(c => PushCommit(repo, branch, c, meta));
    }

    private static WebhookDocument WebhookIssue(string type, string @event, JsonNode payload, JsonObject item, WebhookMetadata meta)
    {
        var action = payload.Text("action") ?? "unknown";
        return Issue(type, $"{@event}.{action}", action, item, payload.Text("repository", "full_name"),
            payload.Text("sender", "login") ?? item.Text("user", "login"), item.Time("updated_at") ?? item.Time("created_at"), meta);
    }
}
