using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BridgePortal.Data.Model;
using BridgePortal.Tests.Fakes;
using BridgePortal.Tests.Infrastructure;
using BridgePortal.Connectors.GitHub;
using BridgePortal.Connectors.StandardWebhooks;
using BridgePortal.Connectors.Sheets;

namespace BridgePortal.Tests.Connectors.PostgreSql;

/// <summary>
/// The document types not driven elsewhere, each through signed HTTP → intake → dispatcher → rows in the sink
/// database: GitHub pull requests, Google Sheets effort rows and Standard Webhooks events.
/// </summary>
public sealed class WebhookDocumentKindsToPostgresTests
{
    [SkippableFact]
    public async Task A_pull_request_is_one_row_per_id_and_action_and_closing_it_again_updates_its_closed_row()
    {
        const long Pr = 1_347_001;
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await WebhookBridges.CreateAsync(host, GitHubWebhookReceiver.SourceKindName);
        using var client = host.CreateClient();

        async Task SendAsync(string body, string disposition, string naturalId)
        {
            using var response = await WebhookBridges.PostGitHubAsync(client, bridge.Key, "pull_request", body);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var record = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["records"]!.AsArray().Single()!;
            Assert.Equal((naturalId, disposition), (record["naturalId"]!.GetValue<string>(), record["disposition"]!.GetValue<string>()));
            await Eventually.UntilAsync(
                async () => (await host.RecordsAsync(bridge.Id)).All(r => r.Status == RecordStatus.Delivered), $"{naturalId} is stored");
        }

        await SendAsync(WebhookPayloads.GitHubPullRequest(Pr, "opened", "open"), "accepted", $"pull_request:{Pr}:opened");
        await SendAsync(WebhookPayloads.GitHubPullRequest(Pr, "closed", "closed", closedAt: "2026-03-03T10:00:00Z", updatedAt: "2026-03-03T10:00:00Z"), "accepted", $"pull_request:{Pr}:closed");
        await SendAsync(WebhookPayloads.GitHubPullRequest(Pr, "reopened", "open", updatedAt: "2026-03-04T08:00:00Z"), "accepted", $"pull_request:{Pr}:reopened");

        // Closed again, this time merged: the same id + action with new content updates the closed row in place.
        await SendAsync(
            WebhookPayloads.GitHubPullRequest(Pr, "closed", "closed", merged: true, closedAt: "2026-03-05T16:00:00Z", updatedAt: "2026-03-05T16:00:00Z"), "updated", $"pull_request:{Pr}:closed");

        var rows = await WebhookBridges.QueryAsync<string>(bridge.SinkDatabase, """
            select natural_id || '|' || event || '|' || status || '|' || revision || '|' || (document->'data'->>'merged') || '|' || coalesce(document->'data'->>'closed_at', '-')
            from doc_pull_request order by natural_id
            """);
        Assert.Equal(
        [
            $"{Pr}:closed|pull_request.closed|closed|2|true|2026-03-05T16:00:00Z",
            $"{Pr}:opened|pull_request.opened|open|1|false|-",
            $"{Pr}:reopened|pull_request.reopened|open|1|false|-",
        ], rows);
        Assert.Equal(["hubot|octo-org/octo-repo|Velocity per sprint|velocity→main|3|120|8|4|metrics"], await WebhookBridges.QueryAsync<string>(bridge.SinkDatabase, $"""
            select actor || '|' || container || '|' || title || '|' || (document->'data'->>'head') || '→' || (document->'data'->>'base') || '|'
                || (document->'data'->>'commits') || '|' || (document->'data'->>'additions') || '|' || (document->'data'->>'deletions') || '|'
                || (document->'data'->>'changed_files') || '|' || (document->'data'->'labels'->>0)
            from doc_pull_request where natural_id = '{Pr}:closed'
            """));
    }

    [SkippableFact]
    public async Task Sheets_effort_rows_are_stored_by_sheet_and_row_id_and_a_changed_row_updates_in_place()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await WebhookBridges.CreateAsync(host, SheetsWebhookReceiver.SourceKindName);
        using var client = host.CreateClient();
        (string, string)[] token = [(SheetsWebhookReceiver.TokenHeader, WebhookBridges.Secret)];

        async Task<string[]> SendAsync(string body)
        {
            using var response = await WebhookBridges.PostAsync(client, bridge.Key, body, token);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var dispositions = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["records"]!.AsArray()
                .Select(r => $"{r!["naturalId"]!.GetValue<string>()}={r["disposition"]!.GetValue<string>()}").ToArray();
            await Eventually.UntilAsync(async () => (await host.RecordsAsync(bridge.Id)).All(r => r.Status == RecordStatus.Delivered), "the rows are stored");
            return dispositions;
        }

        Assert.Equal(
            ["effort:1AbCdEf:Effort:r2=accepted", "effort:1AbCdEf:Effort:r3=accepted"],
            await SendAsync(WebhookPayloads.SheetsRows("Effort", ("r2", "alice", 1.5), ("r3", "bob", 2))));

        // The same row ids on another sheet are other rows; r2 edited (1.5 → 3 hours) updates its row, r3 as before changes nothing.
        Assert.Equal(["effort:1AbCdEf:Sprint 2:r2=accepted"], await SendAsync(WebhookPayloads.SheetsRows("Sprint 2", ("r2", "carol", 4))));
        Assert.Equal(
            ["effort:1AbCdEf:Effort:r2=updated", "effort:1AbCdEf:Effort:r3=unchanged"],
            await SendAsync(WebhookPayloads.SheetsRows("Effort", ("r2", "alice", 3), ("r3", "bob", 2))));

        var rows = await WebhookBridges.QueryAsync<string>(bridge.SinkDatabase, """
            select natural_id || '|' || container || '|' || actor || '|' || (document->'data'->>'hours') || '|' || title || '|' || prj || '|' || revision
            from doc_effort order by natural_id
            """);
        Assert.Equal(
        [
            "1AbCdEf:Effort:r2|Effort|alice|3|coding|ld-2026|2",
            "1AbCdEf:Effort:r3|Effort|bob|2|coding|ld-2026|1",
            "1AbCdEf:Sprint 2:r2|Sprint 2|carol|4|coding|ld-2026|1",
        ], rows);
        Assert.Equal(["2026-03-02"], await WebhookBridges.QueryAsync<string>(bridge.SinkDatabase,
            "select distinct to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD') from doc_effort"));
    }

    [SkippableFact]
    public async Task A_standard_webhook_event_is_stored_under_its_webhook_id_and_the_sender_s_retry_changes_nothing()
    {
        var secret = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("a 24-byte signing secret"));
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await WebhookBridges.CreateAsync(host, StandardWebhookReceiver.SourceKindName, secret: secret);
        using var client = host.CreateClient();
        var body = """{"type":"evaluation.requested","timestamp":"2026-03-02T10:00:00Z","data":{"team":"t1","sprint":4,"metrics":["velocity","bugs"]}}""";

        async Task<string> SendAsync(long timestamp)
        {
            var ts = timestamp.ToString(CultureInfo.InvariantCulture);
            using var response = await WebhookBridges.PostAsync(client, bridge.Key, body,
                [("webhook-id", "msg_2Lh9"), ("webhook-timestamp", ts), ("webhook-signature", StandardWebhookReceiver.Sign(secret, "msg_2Lh9", timestamp, Encoding.UTF8.GetBytes(body)))]);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["records"]![0]!["disposition"]!.GetValue<string>();
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.Equal("accepted", await SendAsync(now));
        await host.UntilStatusAsync(bridge.Id, "event:msg_2Lh9", RecordStatus.Delivered);

        // Senders retry with the same webhook-id and a new timestamp and signature: the same document, nothing new.
        Assert.Equal("unchanged", await SendAsync(now + 30));
        Assert.Equal(
            ["msg_2Lh9|standard|evaluation.requested|ld-2026|default|2026-03-02 10:00|t1|4|bugs|1"],
            await WebhookBridges.QueryAsync<string>(bridge.SinkDatabase, """
                select natural_id || '|' || source || '|' || event || '|' || prj || '|' || quality_model || '|'
                    || to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') || '|' || (document->'data'->>'team') || '|'
                    || (document->'data'->>'sprint') || '|' || (document->'data'->'metrics'->>1) || '|' || revision
                from doc_event
                """));
        var record = Assert.Single(await host.RecordsAsync(bridge.Id));
        Assert.Equal((RecordStatus.Delivered, 1), (record.Status, record.Attempts));
    }
}
