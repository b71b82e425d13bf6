using System.Globalization;
using System.Text.Json.Nodes;
using BridgePortal.Tests.Fakes;

namespace BridgePortal.Tests.Connectors.GitHub;

// The repository's content as tests fill it: commits shaped as the REST API lists them, issues and pull requests.
public sealed partial class FakeGitHub
{
    /// <summary>
    /// Adds commits <paramref name="first"/>..<paramref name="first"/>+<paramref name="count"/>-1 with the shas, messages,
    /// authors and times of <see cref="WebhookPayloads.GitHubPush"/>'s commits (the same commits, as the REST API lists them).
    /// </summary>
    public void AddCommits(int count, int first = 0, string salt = "")
    {
        lock (gate)
        {
            for (var i = first; i < first + count; i++)
            {
                var sha = WebhookPayloads.Sha(i, salt);
                var date = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero).AddMinutes(i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                var person = new JsonObject { ["name"] = "Mona Lisa", ["email"] = "mona@example.org", ["date"] = date };
                commits.Add(new JsonObject
                {
                    ["sha"] = sha,
                    ["node_id"] = "C_" + sha[..12],
                    ["commit"] = new JsonObject
                    {
                        ["author"] = person,
                        ["committer"] = person.DeepClone(),
                        ["message"] = $"Commit {i}: compute the team's velocity",
                        ["tree"] = new JsonObject { ["sha"] = WebhookPayloads.Sha(i, "tree" + salt) },
                        ["comment_count"] = 0,
                    },
                    ["url"] = $"{{api}}repos/{Owner}/{Name}/commits/{sha}",
                    ["html_url"] = $"https://github.com/{Owner}/{Name}/commit/{sha}",
                    ["author"] = new JsonObject { ["login"] = Login, ["id"] = 1, ["type"] = "User" },
                    ["committer"] = new JsonObject { ["login"] = Login, ["id"] = 1, ["type"] = "User" },
                    ["parents"] = new JsonArray(),
                });
            }
        }
    }

    /// <summary>Adds an issue (or, with <paramref name="pullRequest"/>, a pull request as the issue list shows it).</summary>
    public void AddIssue(long id, int number, string title, DateTimeOffset created, DateTimeOffset? closed = null, bool pullRequest = false)
    {
        static string? Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var issue = new JsonObject
        {
            ["id"] = id,
            ["number"] = number,
            ["title"] = title,
            ["state"] = closed is null ? "open" : "closed",
            ["html_url"] = $"https://github.com/{Owner}/{Name}/{(pullRequest ? "pull" : "issues")}/{number}",
            ["user"] = new JsonObject { ["login"] = Login },
            ["assignee"] = new JsonObject { ["login"] = "hubot" },
            ["labels"] = new JsonArray(new JsonObject { ["name"] = "bug" }),
            ["created_at"] = Time(created),
            ["updated_at"] = Time(closed ?? created.AddMinutes(30)),
            ["closed_at"] = Time(closed),
        };
        if (pullRequest)
        {
            issue["pull_request"] = new JsonObject { ["html_url"] = issue["html_url"]!.GetValue<string>(), ["merged_at"] = null };
        }

        lock (gate)
        {
            issues.Add(issue);
        }
    }
}
