using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BridgePortal.Data.Model;
using BridgePortal.Tests.Fakes;
using BridgePortal.Tests.Infrastructure;
using BridgePortal.Connectors.GitHub;

namespace BridgePortal.Tests.Connectors.Abstractions;

/// <summary>Bad input to a signed webhook bridge gets a precise answer and stores nothing of it, while good webhooks keep flowing.</summary>
public sealed class WebhookBadInputTests
{
    [SkippableFact]
    public async Task An_oversized_body_is_413_and_stores_nothing_while_the_next_good_webhook_flows()
    {
        // The limit is the bridge's own (issue 12: each receiver has its sender's, 25 MB for GitHub); 4096 bytes here.
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await WebhookBridges.CreateAsync(host, GitHubWebhookReceiver.SourceKindName, sourceSettings: new() { [BridgePortal.Connectors.Abstractions.BodyLimits.Setting] = "0.00390625" });
        using var client = host.CreateClient();
        var big = WebhookPayloads.GitHubPush(20, salt: "big");
        Assert.True(Encoding.UTF8.GetByteCount(big) > 4096);

        using (var declared = await WebhookBridges.PostGitHubAsync(client, bridge.Key, "push", big))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
            Assert.Contains("exceeds the limit of 4096 bytes", await declared.Content.ReadAsStringAsync());
        }

        // Chunked, without a Content-Length: refused once the limit is passed while reading.
        using (var chunked = new HttpRequestMessage(HttpMethod.Post, $"/hooks/{bridge.Key}?prj=ld-2026")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big))),
        })
        {
            chunked.Content.Headers.ContentType = new("application/json");
            chunked.Headers.TransferEncodingChunked = true;
            chunked.Headers.TryAddWithoutValidation("X-GitHub-Event", "push");
            chunked.Headers.TryAddWithoutValidation("X-Hub-Signature-256", WebhookPayloads.HexHmacSha256(WebhookBridges.Secret, big));
            using var response = await client.SendAsync(chunked);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Contains("exceeds the limit of 4096 bytes", await response.Content.ReadAsStringAsync());
        }

        Assert.Empty(await host.RecordsAsync(bridge.Id));

        using (var good = await WebhookBridges.PostGitHubAsync(client, bridge.Key, "push", WebhookPayloads.GitHubPush(2)))
        {
            Assert.Equal(HttpStatusCode.Accepted, good.StatusCode);
        }

        await Eventually.UntilAsync(async () => (await host.RecordsAsync(bridge.Id)) is { Count: 2 } r && r.All(x => x.Status == RecordStatus.Delivered), "the good push is stored");
        Assert.Equal([WebhookPayloads.Sha(0), WebhookPayloads.Sha(1)], await WebhookBridges.QueryAsync<string>(bridge.SinkDatabase, "select natural_id from doc_commit order by occurred_at"));
    }

    [SkippableFact]
    public async Task Malformed_JSON_with_a_valid_signature_is_400_with_where_it_breaks_and_stores_nothing()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await WebhookBridges.CreateAsync(host, GitHubWebhookReceiver.SourceKindName);
        using var client = host.CreateClient();

        (string Body, string Title, string Detail)[] cases =
        [
            ("{\"ref\":\"refs/heads/main\",\"commits\":[", "Malformed JSON", "BytePositionInLine: 36"),
            ("{\"ref\":\"refs/heads/main\",}", "Malformed JSON", "BytePositionInLine: 25"),
            ("[{\"ref\":\"refs/heads/main\"}]", "Not a JSON object", "The body must be a JSON object."),
        ];
        foreach (var (body, title, detail) in cases)
        {
            using var response = await WebhookBridges.PostGitHubAsync(client, bridge.Key, "push", body);
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body}: {response.StatusCode} {problem}");
            Assert.Equal(title, problem["title"]!.GetValue<string>());
            Assert.Contains(detail, problem["detail"]!.GetValue<string>());
        }

        Assert.Empty(await host.RecordsAsync(bridge.Id));
        using (var good = await WebhookBridges.PostGitHubAsync(client, bridge.Key, "push", WebhookPayloads.GitHubPush(1)))
        {
            Assert.Equal(HttpStatusCode.Accepted, good.StatusCode);
        }

        await host.UntilStatusAsync(bridge.Id, "commit:" + WebhookPayloads.Sha(0), RecordStatus.Delivered);
        Assert.Equal([WebhookPayloads.Sha(0)], await WebhookBridges.QueryAsync<string>(bridge.SinkDatabase, "select natural_id from doc_commit"));
    }

    [SkippableFact]
    public async Task A_document_PostgreSQL_refuses_fails_alone_with_the_reason_while_the_rest_of_its_batch_is_stored()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await WebhookBridges.CreateAsync(host, GitHubWebhookReceiver.SourceKindName);
        using var client = host.CreateClient();

        // Valid JSON, but a NUL character is something no PostgreSQL text or jsonb value can hold.
        var push = WebhookPayloads.GitHubPush(3).Replace("Commit 1: compute", "Commit 1:\\u0000 compute", StringComparison.Ordinal);
        using (var response = await WebhookBridges.PostGitHubAsync(client, bridge.Key, "push", push))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await Eventually.UntilAsync(async () => (await host.RecordsAsync(bridge.Id)).All(r => r.Status is RecordStatus.Delivered or RecordStatus.Failed), "the batch is handled");
        var records = await host.RecordsAsync(bridge.Id);
        Assert.Equal(
            [(WebhookPayloads.Sha(0), RecordStatus.Delivered), (WebhookPayloads.Sha(1), RecordStatus.Failed), (WebhookPayloads.Sha(2), RecordStatus.Delivered)],
            records.Select(r => (r.NaturalId["commit:".Length..], r.Status)));
        var failed = records.Single(r => r.Status == RecordStatus.Failed);
        Assert.Equal(1, failed.Attempts);
        Assert.StartsWith("PostgreSQL refused the upsert into \"doc_commit\":", failed.LastError);
        Assert.Matches(@"\((22021|22P05)\)$", failed.LastError);
        Assert.Equal([WebhookPayloads.Sha(0), WebhookPayloads.Sha(2)], await WebhookBridges.QueryAsync<string>(bridge.SinkDatabase, "select natural_id from doc_commit order by occurred_at"));
    }
}
