using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace BridgePortal.Tests.Fakes;

/// <summary>Webhook bodies shaped as the providers document them (GitHub push/issues/pull_request/ping, Taiga task, Apps Script rows), and their signatures.</summary>
public static class WebhookPayloads
{
    public static string Sha(int i, string salt = "") => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes($"commit-{salt}-{i}")));

    /// <summary>A GitHub <c>push</c> of <paramref name="commits"/> commits to <c>main</c> of octo-org/octo-repo.</summary>
    public static string GitHubPush(int commits, int first = 0, string salt = "")
    {
        var list = new JsonArray();
        for (var i = first; i < first + commits; i++)
        {
            list.Add(new JsonObject
            {
                ["id"] = Sha(i, salt),
                ["tree_id"] = Sha(i, "tree" + salt),
                ["distinct"] = true,
                ["message"] = $"Commit {i}: compute the team's velocity",
                ["timestamp"] = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(1)).AddMinutes(i).ToString("yyyy-MM-dd'T'HH:mm:sszzz"),
                ["url"] = $"https://github.com/octo-org/octo-repo/commit/{Sha(i, salt)}",
                ["author"] = new JsonObject { ["name"] = "Mona Lisa", ["email"] = "mona@example.org", ["username"] = "monalisa" },
                ["committer"] = new JsonObject { ["name"] = "Mona Lisa", ["email"] = "mona@example.org", ["username"] = "monalisa" },
                ["added"] = new JsonArray("src/velocity.py"),
                ["removed"] = new JsonArray(),
                ["modified"] = new JsonArray("README.md", "src/metrics.py"),
            });
        }

        return new JsonObject
        {
            ["ref"] = "refs/heads/main",
            ["before"] = Sha(first - 1, salt),
            ["after"] = Sha(first + commits - 1, salt),
            ["created"] = false,
            ["deleted"] = false,
            ["forced"] = false,
            ["compare"] = "https://github.com/octo-org/octo-repo/compare/a...b",
            ["commits"] = list,
            ["head_commit"] = list.Count > 0 ? list[^1]!.DeepClone() : null,
            ["repository"] = new JsonObject { ["id"] = 1296269, ["name"] = "octo-repo", ["full_name"] = "octo-org/octo-repo", ["private"] = false },
            ["pusher"] = new JsonObject { ["name"] = "monalisa", ["email"] = "mona@example.org" },
            ["sender"] = new JsonObject { ["login"] = "monalisa", ["id"] = 1 },
        }.ToJsonString();
    }

    public static string GitHubIssue(long id, string action, string title, string state = "open") => new JsonObject
    {
        ["action"] = action,
        ["issue"] = new JsonObject
        {
            ["id"] = id,
            ["number"] = 42,
            ["title"] = title,
            ["state"] = state,
            ["html_url"] = "https://github.com/octo-org/octo-repo/issues/42",
            ["user"] = new JsonObject { ["login"] = "monalisa" },
            ["assignee"] = new JsonObject { ["login"] = "hubot" },
            ["labels"] = new JsonArray(new JsonObject { ["name"] = "bug" }),
            ["created_at"] = "2026-03-01T09:00:00Z",
            ["updated_at"] = "2026-03-02T09:30:00Z",
            ["closed_at"] = null,
        },
        ["repository"] = new JsonObject { ["id"] = 1296269, ["full_name"] = "octo-org/octo-repo" },
        ["sender"] = new JsonObject { ["login"] = "monalisa" },
    }.ToJsonString();

    /// <summary>A GitHub <c>pull_request</c> delivery; <paramref name="closedAt"/> is set on <c>closed</c>.</summary>
    public static string GitHubPullRequest(long id, string action, string state, bool merged = false, string? closedAt = null, string updatedAt = "2026-03-02T09:30:00Z") => new JsonObject
    {
        ["action"] = action,
        ["number"] = 7,
        ["pull_request"] = new JsonObject
        {
            ["id"] = id,
            ["number"] = 7,
            ["title"] = "Velocity per sprint",
            ["state"] = state,
            ["html_url"] = "https://github.com/octo-org/octo-repo/pull/7",
            ["user"] = new JsonObject { ["login"] = "monalisa" },
            ["assignee"] = null,
            ["labels"] = new JsonArray(new JsonObject { ["name"] = "metrics" }),
            ["created_at"] = "2026-03-01T09:00:00Z",
            ["updated_at"] = updatedAt,
            ["closed_at"] = closedAt,
            ["merged"] = merged,
            ["merged_at"] = merged ? closedAt : null,
            ["head"] = new JsonObject { ["ref"] = "velocity" },
            ["base"] = new JsonObject { ["ref"] = "main" },
            ["commits"] = 3,
            ["additions"] = 120,
            ["deletions"] = 8,
            ["changed_files"] = 4,
        },
        ["repository"] = new JsonObject { ["id"] = 1296269, ["full_name"] = "octo-org/octo-repo" },
        ["sender"] = new JsonObject { ["login"] = "hubot" },
    }.ToJsonString();

    public static string GitHubPing() => new JsonObject
    {
        ["zen"] = "Design for failure.",
        ["hook_id"] = 30,
        ["hook"] = new JsonObject { ["type"] = "Repository", ["id"] = 30, ["events"] = new JsonArray("push") },
        ["repository"] = new JsonObject { ["id"] = 1296269, ["full_name"] = "octo-org/octo-repo" },
    }.ToJsonString();

    public static string TaigaTask(long id, string status, string action = "change") => new JsonObject
    {
        ["action"] = action,
        ["type"] = "task",
        ["by"] = new JsonObject { ["id"] = 6, ["username"] = "alice", ["full_name"] = "Alice" },
        ["date"] = "2026-03-02T10:00:00.000Z",
        ["data"] = new JsonObject
        {
            ["id"] = id,
            ["ref"] = 12,
            ["subject"] = "Write the velocity query",
            ["status"] = new JsonObject { ["id"] = 3, ["name"] = status, ["slug"] = status.ToLowerInvariant(), ["is_closed"] = status == "Closed" },
            ["assigned_to"] = new JsonObject { ["id"] = 7, ["username"] = "bob", ["full_name_display"] = "Bob" },
            ["created_date"] = "2026-03-01T08:00:00.000Z",
            ["modified_date"] = "2026-03-02T10:00:00.000Z",
            ["finished_date"] = null,
            ["project"] = new JsonObject { ["id"] = 1, ["name"] = "Learning dashboard" },
            ["user_story"] = new JsonObject { ["id"] = 3 },
            ["permalink"] = $"https://tree.taiga.io/project/ld/task/{id}",
        },
        ["change"] = new JsonObject { ["comment"] = "", ["diff"] = new JsonObject() },
    }.ToJsonString();

    public static string SheetsRows(string sheet, params (string RowId, string Member, double Hours)[] rows) => new JsonObject
    {
        ["spreadsheet_id"] = "1AbCdEf",
        ["sheet"] = sheet,
        ["event"] = "edit",
        ["rows"] = new JsonArray([.. rows.Select(r => (JsonNode)new JsonObject
        {
            ["row_id"] = r.RowId,
            ["member"] = r.Member,
            ["date"] = "2026-03-02",
            ["hours"] = r.Hours,
            ["activity"] = "coding",
        })]),
    }.ToJsonString();

    public static string HexHmacSha256(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    public static string HexHmacSha1(string secret, string body) =>
        Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
}
