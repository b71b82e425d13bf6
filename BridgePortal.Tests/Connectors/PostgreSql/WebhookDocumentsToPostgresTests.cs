using System.Net;
using System.Text.Json.Nodes;
using BridgePortal.Data.Model;
using BridgePortal.Tests.Connectors.Http;
using BridgePortal.Tests.Fakes;
using BridgePortal.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using BridgePortal.Connectors.GitHub;
using BridgePortal.Connectors.Taiga;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Tests.Connectors.PostgreSql;

/// <summary>Signed webhooks → documents → one row per natural id in the sink database, and the downstream notification as its own record.</summary>
public sealed class WebhookDocumentsToPostgresTests
{
    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_redelivered_push_leaves_one_row_per_commit_and_a_changed_issue_updates_its_row(StorageKind storage)
    {
        await using var host = await PortalHost.StartAsync(storage);
        var bridge = await WebhookBridges.CreateAsync(host, GitHubWebhookReceiver.SourceKindName);
        using var client = host.CreateClient();
        var push = WebhookPayloads.GitHubPush(5);

        using (var first = await WebhookBridges.PostGitHubAsync(client, bridge.Key, "push", push, delivery: "d-1"))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }

        await Eventually.UntilAsync(async () => (await host.RecordsAsync(bridge.Id)).All(r => r.Status == RecordStatus.Delivered), "the commits are stored");
        using (var again = await WebhookBridges.PostGitHubAsync(client, bridge.Key, "push", push, delivery: "d-1"))
        {
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
            var dispositions = JsonNode.Parse(await again.Content.ReadAsStringAsync())!["records"]!.AsArray().Select(r => r!["disposition"]!.GetValue<string>());
            Assert.All(dispositions, d => Assert.Equal("unchanged", d));
        }

        // The same commits in a later push with more commits: the five are not stored again.
        using (var overlapping = await WebhookBridges.PostGitHubAsync(client, bridge.Key, "push", WebhookPayloads.GitHubPush(7), delivery: "d-2"))
        {
            Assert.Equal(HttpStatusCode.Accepted, overlapping.StatusCode);
        }

        await Eventually.UntilAsync(async () => (await host.RecordsAsync(bridge.Id)).Count(r => r.Status == RecordStatus.Delivered) == 7, "the two new commits are stored");
        var rows = await WebhookBridges.QueryAsync<string>(bridge.SinkDatabase, "select natural_id || '|' || revision || '|' || branch from (select natural_id, revision, document->'data'->>'branch' as branch from doc_commit) c order by 1");
        Assert.Equal(7, rows.Count);
        Assert.Equal([.. Enumerable.Range(0, 7).Select(i => $"{WebhookPayloads.Sha(i)}|1|main").Order(StringComparer.Ordinal)], rows);
        var typed = await WebhookBridges.QueryAsync<string>(bridge.SinkDatabase,
            $"select prj || '|' || quality_model || '|' || actor || '|' || container || '|' || to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') || '|' || (document->'data'->>'modified') from doc_commit where natural_id = '{WebhookPayloads.Sha(0)}'");
        Assert.Equal(["ld-2026|default|monalisa|octo-org/octo-repo|2026-03-02 09:00|2"], typed);

        using (var opened = await WebhookBridges.PostGitHubAsync(client, bridge.Key, "issues", WebhookPayloads.GitHubIssue(1001, "opened", "Velocity is wrong")))
        {
            Assert.Equal(HttpStatusCode.Accepted, opened.StatusCode);
        }

        await host.UntilStatusAsync(bridge.Id, "issue:1001:opened", RecordStatus.Delivered);
        using (var changed = await WebhookBridges.PostGitHubAsync(client, bridge.Key, "issues", WebhookPayloads.GitHubIssue(1001, "opened", "Velocity is wrong for sprint 3")))
        {
            Assert.Equal("updated", JsonNode.Parse(await changed.Content.ReadAsStringAsync())!["records"]![0]!["disposition"]!.GetValue<string>());
        }

        await Eventually.UntilAsync(
            async () => (await WebhookBridges.QueryAsync<string>(bridge.SinkDatabase, "select title || '|' || revision from doc_issue")).SequenceEqual(["Velocity is wrong for sprint 3|2"]),
            "the issue's row is updated in place");
    }

    [SkippableFact]
    public async Task Taiga_edits_update_one_row_per_task_and_unknown_events_are_stored_raw_as_not_normalised()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var taiga = await WebhookBridges.CreateAsync(host, TaigaWebhookReceiver.SourceKindName);
        var github = await WebhookBridges.CreateAsync(host, GitHubWebhookReceiver.SourceKindName);
        using var client = host.CreateClient();
        foreach (var status in new[] { "New", "In progress", "Closed" })
        {
            var body = WebhookPayloads.TaigaTask(101, status);
            using var response = await WebhookBridges.PostAsync(client, taiga.Key, body, [(TaigaWebhookReceiver.SignatureHeader, WebhookPayloads.HexHmacSha1(WebhookBridges.Secret, body))]);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            await host.UntilStatusAsync(taiga.Id, "taiga_task:101", RecordStatus.Delivered);
        }

        Assert.Equal(["101|Closed|bob|alice|3"], await WebhookBridges.QueryAsync<string>(taiga.SinkDatabase,
            "select natural_id || '|' || status || '|' || (document->'data'->>'assignee') || '|' || actor || '|' || revision from doc_taiga_task"));

        var star = """{"action":"created","starred_at":"2026-03-02T10:00:00Z","repository":{"id":1296269,"full_name":"octo-org/octo-repo"},"sender":{"login":"hubot"}}""";
        using (var response = await WebhookBridges.PostGitHubAsync(client, github.Key, "star", star, delivery: "72d3162e-cc78-11e3-81ab-4c9367dc0958"))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        const string RawId = "raw:github:star:72d3162e-cc78-11e3-81ab-4c9367dc0958";
        await host.UntilStatusAsync(github.Id, RawId, RecordStatus.Delivered);
        Assert.Equal(WebhookDocument.NotNormalised, (await host.RecordsAsync(github.Id)).Single(r => r.NaturalId == RawId).Module);
        Assert.Equal(["false|hubot"], await WebhookBridges.QueryAsync<string>(github.SinkDatabase,
            "select normalised::text || '|' || (document->'data'->'payload'->'sender'->>'login') from doc_raw"));
    }

    [SkippableFact]
    public async Task A_failing_notification_is_retried_on_its_own_while_the_document_is_stored_once()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var evaluator = await FakeHttpEndpoint.StartAsync();
        evaluator.Respond(503, "evaluator restarting");
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite, services: s => s.AddSingleton<TimeProvider>(clock));
        var bridge = await WebhookBridges.CreateAsync(host, GitHubWebhookReceiver.SourceKindName, notify: evaluator.BaseAddress);
        using var client = host.CreateClient();

        using (var response = await WebhookBridges.PostGitHubAsync(client, bridge.Key, "push", WebhookPayloads.GitHubPush(2)))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await evaluator.WaitForAsync(r => r.Count >= 2);
        await Eventually.UntilAsync(async () => (await host.RecordsAsync(bridge.NotifyBridgeId!.Value)).All(r => r.Attempts == 1 && r.Status == RecordStatus.Pending), "the notifications wait for their retry");
        // The notifications are queued inside the documents' delivery, so they may be tried before the documents'
        // own outcome is written: wait for it rather than read it once.
        await Eventually.UntilAsync(async () => (await host.RecordsAsync(bridge.Id)).All(d => d.Status == RecordStatus.Delivered), "the documents are delivered");
        Assert.All(await host.RecordsAsync(bridge.Id), d => Assert.Equal((RecordStatus.Delivered, 1), (d.Status, d.Attempts)));

        evaluator.Heal();
        clock.Advance(TimeSpan.FromSeconds(13));
        await Eventually.UntilAsync(async () => (await host.RecordsAsync(bridge.NotifyBridgeId!.Value)).All(r => r.Status == RecordStatus.Delivered), "the notifications are delivered");

        Assert.Equal(4, evaluator.Requests.Count);
        var envelope = JsonNode.Parse(evaluator.Requests[^1].Body)!;
        Assert.Equal("push", envelope["event"]!.GetValue<string>());
        Assert.Equal("ld-2026", envelope["prj"]!.GetValue<string>());
        Assert.Equal("default", envelope["quality_model"]!.GetValue<string>());
        Assert.Equal("commit", envelope["type"]!.GetValue<string>());
        Assert.Contains(envelope["id"]!.GetValue<string>(), new[] { WebhookPayloads.Sha(0), WebhookPayloads.Sha(1) });
        Assert.Equal("/recompute", evaluator.Requests[^1].Path);
        Assert.All(await host.RecordsAsync(bridge.Id), d => Assert.Equal((RecordStatus.Delivered, 1), (d.Status, d.Attempts)));
        Assert.Equal(["1", "1"], await WebhookBridges.QueryAsync<string>(bridge.SinkDatabase, "select revision::text from doc_commit"));
    }
}
