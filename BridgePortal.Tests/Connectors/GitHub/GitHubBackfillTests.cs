using System.Diagnostics;
using System.Net;
using BridgePortal.Connectors;
using BridgePortal.Connectors.GitHub;
using BridgePortal.Data.Model;
using BridgePortal.Tests.Fakes;
using BridgePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace BridgePortal.Tests.Connectors.GitHub;

/// <summary>Back-fill of a GitHub webhook bridge from the REST API (a fake GitHub): same documents, no duplicates, rate limits, bad tokens, cancel.</summary>
public sealed class GitHubBackfillTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Since = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_backfill_of_three_pages_overlapping_webhook_commits_stores_each_sha_once_and_again_changes_nothing(StorageKind storage)
    {
        await using var github = await FakeGitHub.StartAsync();
        github.AddCommits(250);
        github.AddIssue(1001, 42, "Velocity is wrong", new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        github.AddIssue(1002, 43, "Burndown chart is empty", new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero), closed: new DateTimeOffset(2026, 3, 3, 8, 0, 0, TimeSpan.Zero));
        github.AddIssue(1003, 44, "Old issue, untouched since", new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero));
        github.AddIssue(2001, 45, "Compute velocity per sprint", new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero), pullRequest: true);
        await using var host = await PortalHost.StartAsync(storage);
        var bridge = await WebhookBridges.CreateAsync(host, GitHubWebhookReceiver.SourceKindName);
        using var client = host.CreateClient();
        using (var push = await WebhookBridges.PostGitHubAsync(client, bridge.Key, "push", WebhookPayloads.GitHubPush(5)))
        {
            Assert.Equal(HttpStatusCode.Accepted, push.StatusCode);
        }

        using (var issue = await WebhookBridges.PostGitHubAsync(client, bridge.Key, "issues", WebhookPayloads.GitHubIssue(1001, "opened", "Velocity is wrong")))
        {
            Assert.Equal(HttpStatusCode.Accepted, issue.StatusCode);
        }

        await Eventually.UntilAsync(async () => (await host.RecordsAsync(bridge.Id)) is { Count: 6 } r && r.All(x => x.Status == RecordStatus.Delivered), "the webhook documents are stored");
        await GitHubBackfills.ConfigureAsync(host, bridge, github);

        var watch = Stopwatch.StartNew();
        var (started, error) = await GitHubBackfills.StartAsync(host, bridge, Since);
        Assert.True(started is not null, error);
        var run = await GitHubBackfills.FinishedAsync(host, started.Id);
        watch.Stop();
        Assert.True(run.Status == GitHubBackfillStatus.Succeeded, run.Error);
        Assert.Equal((4, 250, 2, 1), (run.Pages, run.Commits, run.Issues, run.PullRequests));
        Assert.Equal(("issues", 1, 1), (run.Phase, run.PhasePages, run.PhaseLastPage));
        Assert.Equal((245 + 2, 5 + 1), (run.Stored, run.AlreadyStored));

        await Eventually.UntilAsync(async () => (await host.RecordsAsync(bridge.Id)) is { Count: 253 } r && r.All(x => x.Status == RecordStatus.Delivered), "the back-filled documents are stored");
        var shas = await WebhookBridges.QueryAsync<string>(bridge.SinkDatabase, "select natural_id from doc_commit order by 1");
        Assert.Equal([.. Enumerable.Range(0, 250).Select(i => WebhookPayloads.Sha(i)).Order(StringComparer.Ordinal)], shas);

        // The webhook's documents stay as they were (they know the files changed); the back-filled ones say what the list tells.
        var pushed = await WebhookBridges.QueryAsync<string>(bridge.SinkDatabase,
            $"select event || '|' || revision || '|' || (document->'data'->>'branch') || '|' || (document->'data'->>'modified') from doc_commit where natural_id = '{WebhookPayloads.Sha(0)}'");
        Assert.Equal(["push|1|main|2"], pushed);
        var listed = await WebhookBridges.QueryAsync<string>(bridge.SinkDatabase,
            "select event || '|' || revision || '|' || prj || '|' || quality_model || '|' || actor || '|' || container || '|' || title || '|' || url || '|' "
            + "|| to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') || '|' || (document->'data'->>'branch') || '|' || coalesce(document->'data'->>'modified', 'null') "
            + $"from doc_commit where natural_id = '{WebhookPayloads.Sha(100)}'");
        Assert.Equal([$"backfill|1|ld-2026|default|monalisa|octo-org/octo-repo|Commit 100: compute the team's velocity|https://github.com/octo-org/octo-repo/commit/{WebhookPayloads.Sha(100)}|2026-03-02 10:40|main|null"], listed);
        Assert.Equal(["1001:opened|issues.opened", "1002:closed|backfill", "1002:opened|backfill"],
            await WebhookBridges.QueryAsync<string>(bridge.SinkDatabase, "select natural_id || '|' || event from doc_issue order by 1"));

        // GitHub's Link URLs (by repository id) were followed as given, with the documented headers.
        var log = github.RequestLog;
        Assert.Contains(log, l => l.StartsWith("GET /repos/octo-org/octo-repo/commits?", StringComparison.Ordinal)
            && l.Contains("per_page=100", StringComparison.Ordinal) && l.Contains("since=2026-03-01T00", StringComparison.Ordinal));
        Assert.Contains(log, l => l.StartsWith("GET /repos/octo-org/octo-repo/issues?", StringComparison.Ordinal) && l.Contains("state=all", StringComparison.Ordinal));
        Assert.Contains(log, l => l.StartsWith($"GET /repositories/{FakeGitHub.RepositoryId}/commits?", StringComparison.Ordinal) && l.Contains("page=3", StringComparison.Ordinal));
        Assert.All(github.RequestHeaders, h =>
        {
            Assert.Equal("Bearer " + github.Token, h["Authorization"]);
            Assert.Equal("application/vnd.github+json", h["Accept"]);
            Assert.Equal("2022-11-28", h["X-GitHub-Api-Version"]);
            Assert.StartsWith("BridgePortal/", h["User-Agent"], StringComparison.Ordinal);
        });

        // Again: everything is known, nothing changes.
        var (again, againError) = await GitHubBackfills.StartAsync(host, bridge, Since);
        Assert.True(again is not null, againError);
        var second = await GitHubBackfills.FinishedAsync(host, again.Id);
        Assert.Equal((GitHubBackfillStatus.Succeeded, 0, 253), (second.Status, second.Stored, second.AlreadyStored));
        Assert.Equal(253, (await host.RecordsAsync(bridge.Id)).Count);
        Assert.Equal(["1"], await WebhookBridges.QueryAsync<string>(bridge.SinkDatabase, "select distinct revision::text from doc_commit"));
        Assert.Equal(2, await host.DbAsync(db => db.AuditEntries.CountAsync(a => a.BridgeId == bridge.Id && a.Action == "bridge.backfill")));
        output.WriteLine($"[{storage}] back-fill of 250 commits (3 pages) + 4 issues: {watch.ElapsedMilliseconds} ms until finished");
    }

    [SkippableFact]
    public async Task A_rate_limited_page_is_waited_out_until_the_reset_and_nothing_is_lost()
    {
        await using var github = await FakeGitHub.StartAsync();
        github.AddCommits(250);
        github.RateLimitOneCall(TimeSpan.FromSeconds(2), afterCalls: 2); // the repository, page 1, then page 2 is refused
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await WebhookBridges.CreateAsync(host, GitHubWebhookReceiver.SourceKindName);
        await GitHubBackfills.ConfigureAsync(host, bridge, github);

        var watch = Stopwatch.StartNew();
        var (started, error) = await GitHubBackfills.StartAsync(host, bridge, Since);
        Assert.True(started is not null, error);
        await Eventually.UntilAsync(async () => (await GitHubBackfills.RunAsync(host, started.Id)).WaitingUntil is not null, "the run shows its rate-limit wait");
        var run = await GitHubBackfills.FinishedAsync(host, started.Id);
        watch.Stop();

        Assert.True(run.Status == GitHubBackfillStatus.Succeeded, run.Error);
        Assert.Equal((1, 1, 250, 250, null), (github.RateLimited, run.RateLimitWaits, run.Commits, run.Stored, run.WaitingUntil));
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1), $"the run waited for the reset ({watch.ElapsedMilliseconds} ms)");
        Assert.Equal(2, github.RequestLog.Count(l => l.Contains("page=2", StringComparison.Ordinal) && l.Contains("/commits", StringComparison.Ordinal)));
        Assert.Equal(250, (await host.RecordsAsync(bridge.Id)).Count);
        output.WriteLine($"rate-limited back-fill (reset in 2 s): {watch.ElapsedMilliseconds} ms until finished");
    }

    [SkippableFact]
    public async Task A_rejected_token_fails_the_backfill_with_a_clear_error_and_stores_nothing()
    {
        await using var github = await FakeGitHub.StartAsync();
        github.AddCommits(10);
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await WebhookBridges.CreateAsync(host, GitHubWebhookReceiver.SourceKindName);
        const string WrongToken = "ghp_not-the-right-token-0123456789";
        var connectionId = await GitHubBackfills.ConfigureAsync(host, bridge, github, token: WrongToken);

        var (started, error) = await GitHubBackfills.StartAsync(host, bridge, Since);
        Assert.True(started is not null, error);
        var run = await GitHubBackfills.FinishedAsync(host, started.Id);

        Assert.Equal(GitHubBackfillStatus.Failed, run.Status);
        Assert.Equal("GitHub rejected the token (401 Bad credentials): check the token of the GitHub connection.", run.Error);
        Assert.Empty(await host.RecordsAsync(bridge.Id));
        Assert.Single(github.RequestLog);

        await using var scope = host.Services.CreateAsyncScope();
        var connections = scope.ServiceProvider.GetRequiredService<ConnectionService>();
        var test = await connections.TestAsync(bridge.Owner, connectionId, CancellationToken.None);
        Assert.False(test.Succeeded);
        Assert.Contains("rejected the token", test.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongToken, test.Message, StringComparison.Ordinal);

        var good = await GitHubBackfills.ConfigureAsync(host, bridge, github);
        var ok = await connections.TestAsync(bridge.Owner, good, CancellationToken.None);
        Assert.True(ok.Succeeded, ok.Message);
        Assert.Matches("^Signed in to http://127.0.0.1:[0-9]+/ as monalisa; [0-9]+ of 5000 API calls left this hour.$", ok.Message);
    }

    [SkippableFact]
    public async Task Cancel_stops_a_running_backfill_and_keeps_the_pages_already_stored()
    {
        await using var github = await FakeGitHub.StartAsync();
        github.AddCommits(250);
        github.Delay = TimeSpan.FromSeconds(1.5);
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await WebhookBridges.CreateAsync(host, GitHubWebhookReceiver.SourceKindName);
        await GitHubBackfills.ConfigureAsync(host, bridge, github);
        var (started, error) = await GitHubBackfills.StartAsync(host, bridge, Since);
        Assert.True(started is not null, error);

        await Eventually.UntilAsync(async () => (await GitHubBackfills.RunAsync(host, started.Id)).Pages >= 1, "the first page is stored");
        var (second, refused) = await GitHubBackfills.StartAsync(host, bridge, Since);
        Assert.Null(second);
        Assert.Equal("A back-fill of this bridge is already running: wait for it or cancel it.", refused);

        Assert.True(await GitHubBackfills.CancelAsync(host, bridge));
        var run = await GitHubBackfills.FinishedAsync(host, started.Id);
        Assert.Equal(GitHubBackfillStatus.Cancelled, run.Status);
        Assert.InRange(run.Pages, 1, 2);
        Assert.Equal(run.Pages * 100, run.Stored);
        Assert.Equal(run.Stored, (await host.RecordsAsync(bridge.Id)).Count);
        Assert.False(await GitHubBackfills.CancelAsync(host, bridge));
        Assert.Equal(1, await host.DbAsync(db => db.AuditEntries.CountAsync(a => a.BridgeId == bridge.Id && a.Action == "bridge.backfill.cancel")));

        // A new run picks up what is missing.
        github.Delay = TimeSpan.Zero;
        var (resumed, resumeError) = await GitHubBackfills.StartAsync(host, bridge, Since);
        Assert.True(resumed is not null, resumeError);
        var finished = await GitHubBackfills.FinishedAsync(host, resumed.Id);
        Assert.Equal((GitHubBackfillStatus.Succeeded, 250 - run.Stored, run.Stored), (finished.Status, finished.Stored, finished.AlreadyStored));
    }
}
