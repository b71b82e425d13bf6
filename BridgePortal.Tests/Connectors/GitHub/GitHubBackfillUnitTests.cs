using System.Net;
using System.Text.Json.Nodes;
using BridgePortal.Connectors.GitHub;
using BridgePortal.Tests.Fakes;
using Refit;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Tests.Connectors.GitHub;

public sealed class GitHubBackfillUnitTests
{
    private static readonly WebhookMetadata Meta = new("ld-2026", "default");

    [Fact]
    public void A_Link_header_gives_each_relation_its_url_and_the_last_page_number()
    {
        var links = GitHubLinks.Parse([
            "<https://api.github.com/repositories/1296269/commits?per_page=100&since=2026-03-01T00%3A00%3A00Z&page=2>; rel=\"next\", "
            + "<https://api.github.com/repositories/1296269/commits?per_page=100&since=2026-03-01T00%3A00%3A00Z&page=3>; rel=\"last\"",
        ]);

        Assert.Equal(["last", "next"], links.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("https://api.github.com/repositories/1296269/commits?per_page=100&since=2026-03-01T00%3A00%3A00Z&page=2", links["next"].OriginalString);
        Assert.Equal(3, GitHubLinks.PageOf(links["last"]));
        Assert.Equal(2, GitHubLinks.PageOf(links["next"]));
    }

    [Fact]
    public void Link_headers_in_several_values_with_odd_spacing_unquoted_or_combined_relations_are_understood()
    {
        var links = GitHubLinks.Parse([
            "<https://api.github.com/x?page=1>;rel=first ,<https://api.github.com/x?page=4>;  rel=\"prev\"",
            "<https://api.github.com/x?after=Y3Vyc29y>; rel=\"next last\"",
        ]);

        Assert.Equal("https://api.github.com/x?page=1", links["first"].OriginalString);
        Assert.Equal("https://api.github.com/x?page=4", links["prev"].OriginalString);
        Assert.Same(links["next"], links["last"]);
        Assert.Null(GitHubLinks.PageOf(links["next"]));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("https://api.github.com/x?page=2; rel=\"next\"")]
    [InlineData("<not a url>; rel=\"next\"")]
    [InlineData("<https://api.github.com/x?page=2>")]
    public void A_missing_or_malformed_Link_header_has_no_next_page(string? header) =>
        Assert.False(GitHubLinks.Parse(header is null ? null : [header]).ContainsKey("next"));

    [Fact]
    public void A_next_url_is_followed_only_below_the_connections_api_base()
    {
        var below = GitHubLinks.Below(new Uri("https://ghe.example.org/api/v3/"), new Uri("https://ghe.example.org/api/v3/repositories/7/issues?state=all&since=2026-03-01T00%3A00%3A00Z&page=2"));
        Assert.NotNull(below);
        Assert.Equal("repositories/7/issues", below.Value.Path);
        Assert.Equal(new Dictionary<string, string> { ["state"] = "all", ["since"] = "2026-03-01T00:00:00Z", ["page"] = "2" }, below.Value.Query);

        Assert.Null(GitHubLinks.Below(new Uri("https://api.github.com/"), new Uri("https://evil.example.org/repositories/7/issues?page=2")));
        Assert.Null(GitHubLinks.Below(new Uri("https://api.github.com/"), new Uri("http://api.github.com/repositories/7/issues?page=2")));
        Assert.Null(GitHubLinks.Below(new Uri("https://ghe.example.org/api/v3/"), new Uri("https://ghe.example.org/other/repositories/7?page=2")));
    }

    [Fact]
    public void Rate_limit_answers_say_how_long_to_wait_and_other_refusals_do_not()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_770_000_000);
        Assert.Equal(TimeSpan.FromSeconds(31), GitHubRateLimit.WaitAfter(Response(HttpStatusCode.Forbidden, ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "1770000030")), now));
        Assert.Equal(TimeSpan.FromSeconds(7), GitHubRateLimit.WaitAfter(Response(HttpStatusCode.TooManyRequests, ("retry-after", "7"), ("x-ratelimit-remaining", "4000")), now));
        Assert.Equal(TimeSpan.FromMinutes(1), GitHubRateLimit.WaitAfter(Response(HttpStatusCode.TooManyRequests), now));
        Assert.Equal(TimeSpan.FromSeconds(1), GitHubRateLimit.WaitAfter(Response(HttpStatusCode.Forbidden, ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "1769999000")), now));
        Assert.Null(GitHubRateLimit.WaitAfter(Response(HttpStatusCode.Forbidden, ("x-ratelimit-remaining", "4999")), now));
        Assert.Null(GitHubRateLimit.WaitAfter(Response(HttpStatusCode.NotFound, ("x-ratelimit-remaining", "0")), now));
        Assert.Equal(TimeSpan.FromSeconds(11), GitHubRateLimit.WaitBeforeNext(Response(HttpStatusCode.OK, ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "1770000010")), now));
        Assert.Null(GitHubRateLimit.WaitBeforeNext(Response(HttpStatusCode.OK, ("x-ratelimit-remaining", "1"), ("x-ratelimit-reset", "1770000010")), now));
    }

    [Fact]
    public void A_listed_commit_is_the_same_document_as_the_pushed_one_except_what_the_list_does_not_tell()
    {
        var push = JsonNode.Parse(WebhookPayloads.GitHubPush(1))!;
        var pushed = GitHubNormaliser.Normalise("push", "d-1", push, default, Meta).Single();
        var item = new JsonObject
        {
            ["sha"] = WebhookPayloads.Sha(0),
            ["html_url"] = $"https://github.com/octo-org/octo-repo/commit/{WebhookPayloads.Sha(0)}",
            ["commit"] = new JsonObject
            {
                ["message"] = "Commit 0: compute the team's velocity",
                ["author"] = new JsonObject { ["name"] = "Mona Lisa", ["email"] = "mona@example.org", ["date"] = "2026-03-02T09:00:00Z" },
            },
            ["author"] = new JsonObject { ["login"] = "monalisa" },
        };
        var listed = GitHubNormaliser.ListedCommit("octo-org/octo-repo", "main", item, Meta);

        Assert.Equal(pushed.NaturalId, listed.NaturalId);
        Assert.Equal(pushed with { Event = "backfill", Data = listed.Data }, listed);
        Assert.Equal(("push", "backfill"), (pushed.Event, listed.Event));
        var (p, l) = (pushed.Data, listed.Data);
        Assert.Equal(
            [.. new[] { "sha", "repo", "branch", "author_name", "author_email", "author_username" }.Select(k => p[k]!.ToJsonString())],
            [.. new[] { "sha", "repo", "branch", "author_name", "author_email", "author_username" }.Select(k => l[k]!.ToJsonString())]);
        Assert.Equal((1, 0, 2), (p["added"]!.GetValue<int>(), p["removed"]!.GetValue<int>(), p["modified"]!.GetValue<int>()));
        Assert.Equal((null, null, null), (l["added"], l["removed"], l["modified"]));
    }

    [Fact]
    public void A_listed_issue_gives_its_opened_and_closed_documents_and_a_pull_request_none()
    {
        var closed = JsonNode.Parse("""
            {"id": 1001, "number": 42, "title": "Velocity is wrong", "state": "closed", "html_url": "https://github.com/octo-org/octo-repo/issues/42",
             "user": {"login": "monalisa"}, "closed_by": {"login": "hubot"}, "labels": [{"name": "bug"}],
             "created_at": "2026-03-01T09:00:00Z", "updated_at": "2026-03-03T09:00:00Z", "closed_at": "2026-03-03T09:00:00Z"}
            """)!.AsObject();
        var documents = GitHubNormaliser.ListedIssue("octo-org/octo-repo", closed, Meta).ToList();
        Assert.Equal(["issue:1001:opened", "issue:1001:closed"], documents.Select(d => d.NaturalId));
        Assert.Equal(("monalisa", "2026-03-01"), (documents[0].Actor, documents[0].OccurredAt?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(("hubot", "closed"), (documents[1].Actor, documents[1].Data["action"]!.GetValue<string>()));

        // The webhook's document of the same opening has the same natural id.
        var webhook = GitHubNormaliser.Normalise("issues", "d-2", JsonNode.Parse(WebhookPayloads.GitHubIssue(1001, "opened", "Velocity is wrong"))!, default, Meta).Single();
        Assert.Equal(webhook.NaturalId, documents[0].NaturalId);

        closed["pull_request"] = new JsonObject { ["html_url"] = "https://github.com/octo-org/octo-repo/pull/42" };
        Assert.Empty(GitHubNormaliser.ListedIssue("octo-org/octo-repo", closed, Meta));
    }

    [Theory]
    [InlineData("octo-org/octo-repo", true)]
    [InlineData(" octo-org/octo.repo_2 ", true)]
    [InlineData("octo-org", false)]
    [InlineData("octo-org/octo-repo/issues", false)]
    [InlineData("https://github.com/octo-org/octo-repo", false)]
    public void A_repository_setting_is_owner_slash_name(string value, bool valid) =>
        Assert.Equal(valid, GitHubSettings.ParseRepository(value) is not null);

    private static ApiResponse<JsonArray> Response(HttpStatusCode status, params (string Name, string Value)[] headers)
    {
        var message = new HttpResponseMessage(status) { RequestMessage = new HttpRequestMessage(HttpMethod.Get, "https://api.github.com/repos/o/r/commits") };
        foreach (var (name, value) in headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return new ApiResponse<JsonArray>(message, null, new RefitSettings());
    }
}
