using System.Globalization;
using System.Net;
using System.Text;
using BridgePortal.Tests.Fakes;
using BridgePortal.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using BridgePortal.Connectors.Sheets;
using BridgePortal.Connectors.Taiga;
using BridgePortal.Connectors.StandardWebhooks;
using BridgePortal.Connectors.GitHub;

namespace BridgePortal.Tests.Connectors.Abstractions;

/// <summary>Every receiver refuses what it cannot verify with a 401 and a short reason, and stores nothing of it.</summary>
public sealed class WebhookSignatureTests
{
    private static readonly (string, string)[] NoHeaders = [];

    [Fact]
    public async Task GitHub_accepts_only_a_valid_sha256_signature_of_the_exact_body_and_answers_ping_without_storing()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await WebhookBridges.CreateAsync(host, GitHubWebhookReceiver.SourceKindName, sinkDatabase: false, start: false);
        using var client = host.CreateClient();
        var body = WebhookPayloads.GitHubPush(3);
        var valid = WebhookPayloads.HexHmacSha256(WebhookBridges.Secret, body);
        var oneByteChanged = body.Replace("velocity", "velocitY", StringComparison.Ordinal);
        var sha1OfBody = "sha1=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA1.HashData(Encoding.UTF8.GetBytes(WebhookBridges.Secret), Encoding.UTF8.GetBytes(body)));

        (string Case, string Body, (string, string)[] Headers, HttpStatusCode Status, string Reason)[] cases =
        [
            ("invalid", body, [("X-GitHub-Event", "push"), ("X-Hub-Signature-256", WebhookPayloads.HexHmacSha256("another secret", body))], HttpStatusCode.Unauthorized, "does not match"),
            ("missing", body, [("X-GitHub-Event", "push")], HttpStatusCode.Unauthorized, "X-Hub-Signature-256 header is missing"),
            ("legacy sha1 header only", body, [("X-GitHub-Event", "push"), ("X-Hub-Signature", sha1OfBody)], HttpStatusCode.Unauthorized, "legacy sha1"),
            ("wrong algorithm prefix", body, [("X-GitHub-Event", "push"), ("X-Hub-Signature-256", "sha1=" + valid["sha256=".Length..])], HttpStatusCode.Unauthorized, "must start with 'sha256='"),
            ("one byte changed", oneByteChanged, [("X-GitHub-Event", "push"), ("X-Hub-Signature-256", valid)], HttpStatusCode.Unauthorized, "does not match"),
            ("not hex", body, [("X-GitHub-Event", "push"), ("X-Hub-Signature-256", "sha256=zz")], HttpStatusCode.Unauthorized, "not a hex digest"),
        ];
        foreach (var (name, sent, headers, status, reason) in cases)
        {
            using var response = await WebhookBridges.PostAsync(client, bridge.Key, sent, headers);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(status == response.StatusCode, $"{name}: {response.StatusCode} {text}");
            Assert.Contains(reason, text);
            Assert.DoesNotContain(WebhookBridges.Secret, text);
        }

        using (var noPrj = await WebhookBridges.PostAsync(client, bridge.Key, body, [("X-GitHub-Event", "push"), ("X-Hub-Signature-256", valid)], query: "?quality_model=x"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noPrj.StatusCode);
            Assert.Contains("prj", await noPrj.Content.ReadAsStringAsync());
        }

        Assert.Empty(await host.RecordsAsync(bridge.Id));

        using (var ping = await WebhookBridges.PostGitHubAsync(client, bridge.Key, "ping", WebhookPayloads.GitHubPing()))
        {
            Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
            Assert.Contains("pong", await ping.Content.ReadAsStringAsync());
        }

        Assert.Empty(await host.RecordsAsync(bridge.Id));

        using var accepted = await WebhookBridges.PostGitHubAsync(client, bridge.Key, "push", body);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var records = await host.RecordsAsync(bridge.Id);
        Assert.Equal([.. Enumerable.Range(0, 3).Select(i => "commit:" + WebhookPayloads.Sha(i))], records.Select(r => r.NaturalId));
        Assert.All(records, r => Assert.Contains("\"prj\":\"ld-2026\",\"quality_model\":\"default\"", r.Payload));
    }

    [Fact]
    public async Task Taiga_accepts_only_a_valid_hex_sha1_signature_and_answers_its_test_call_without_storing()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await WebhookBridges.CreateAsync(host, TaigaWebhookReceiver.SourceKindName, sinkDatabase: false, start: false);
        using var client = host.CreateClient();
        var body = WebhookPayloads.TaigaTask(101, "In progress");
        const string Header = TaigaWebhookReceiver.SignatureHeader;

        (string Case, string Body, (string, string)[] Headers)[] refused =
        [
            ("invalid", body, [(Header, WebhookPayloads.HexHmacSha1("wrong", body))]),
            ("missing", body, NoHeaders),
            ("sha256 instead of sha1", body, [(Header, WebhookPayloads.HexHmacSha256(WebhookBridges.Secret, body)["sha256=".Length..])]),
            ("one byte changed", body.Replace("velocity", "velocitY", StringComparison.Ordinal), [(Header, WebhookPayloads.HexHmacSha1(WebhookBridges.Secret, body))]),
        ];
        foreach (var (name, sent, headers) in refused)
        {
            using var response = await WebhookBridges.PostAsync(client, bridge.Key, sent, headers);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{name}: {response.StatusCode}");
        }

        Assert.Empty(await host.RecordsAsync(bridge.Id));
        var test = """{"action":"test","type":"test","by":{"id":6},"date":"2026-03-02T10:00:00Z","data":{"test":"test"}}""";
        using (var answered = await WebhookBridges.PostAsync(client, bridge.Key, test, [(Header, WebhookPayloads.HexHmacSha1(WebhookBridges.Secret, test))]))
        {
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        }

        Assert.Empty(await host.RecordsAsync(bridge.Id));
        using var accepted = await WebhookBridges.PostAsync(client, bridge.Key, body, [(Header, WebhookPayloads.HexHmacSha1(WebhookBridges.Secret, body))]);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(["taiga_task:101"], (await host.RecordsAsync(bridge.Id)).Select(r => r.NaturalId));
    }

    [Fact]
    public async Task Sheets_accepts_only_the_shared_token_and_refuses_a_row_without_id()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await WebhookBridges.CreateAsync(host, SheetsWebhookReceiver.SourceKindName, sinkDatabase: false, start: false);
        using var client = host.CreateClient();
        var body = WebhookPayloads.SheetsRows("Effort", ("r2", "alice", 1.5), ("r3", "bob", 2));
        const string Header = SheetsWebhookReceiver.TokenHeader;

        using (var wrong = await WebhookBridges.PostAsync(client, bridge.Key, body, [(Header, WebhookBridges.Secret + "x")]))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using (var missing = await WebhookBridges.PostAsync(client, bridge.Key, body, NoHeaders))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        }

        using (var noRowId = await WebhookBridges.PostAsync(client, bridge.Key, """{"sheet":"Effort","rows":[{"member":"alice","hours":1}]}""", [(Header, WebhookBridges.Secret)]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noRowId.StatusCode);
            Assert.Contains("row_id", await noRowId.Content.ReadAsStringAsync());
        }

        Assert.Empty(await host.RecordsAsync(bridge.Id));
        using var accepted = await WebhookBridges.PostAsync(client, bridge.Key, body, [(Header, WebhookBridges.Secret)]);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(["effort:1AbCdEf:Effort:r2", "effort:1AbCdEf:Effort:r3"], (await host.RecordsAsync(bridge.Id)).Select(r => r.NaturalId));
    }

    [Fact]
    public async Task Standard_webhooks_need_a_v1_signature_of_id_timestamp_and_body_within_five_minutes()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite, services: s => s.AddSingleton<TimeProvider>(clock));
        var secret = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("a 24-byte signing secret"));
        var bridge = await WebhookBridges.CreateAsync(host, StandardWebhookReceiver.SourceKindName, sinkDatabase: false, start: false, secret: secret);
        using var client = host.CreateClient();
        var body = """{"type":"evaluation.requested","timestamp":"2026-03-02T10:00:00Z","data":{"team":"t1","sprint":4}}""";
        var now = clock.GetUtcNow().ToUnixTimeSeconds();

        (string, string)[] Headers(string id, long ts, string signature) =>
            [("webhook-id", id), ("webhook-timestamp", ts.ToString(CultureInfo.InvariantCulture)), ("webhook-signature", signature)];
        string Sign(string id, long ts, string b) => StandardWebhookReceiver.Sign(secret, id, ts, Encoding.UTF8.GetBytes(b));

        (string Case, string Body, (string, string)[] Headers, string Reason)[] refused =
        [
            ("invalid", body, Headers("msg_1", now, "v1," + Convert.ToBase64String(new byte[32])), "does not match"),
            ("missing", body, [("webhook-id", "msg_1"), ("webhook-timestamp", now.ToString(CultureInfo.InvariantCulture))], "headers are required"),
            ("wrong version prefix", body, Headers("msg_1", now, "v1a," + Sign("msg_1", now, body)[3..]), "no v1 signature"),
            ("one byte changed", body.Replace("t1", "t2", StringComparison.Ordinal), Headers("msg_1", now, Sign("msg_1", now, body)), "does not match"),
            ("other id than signed", body, Headers("msg_2", now, Sign("msg_1", now, body)), "does not match"),
            ("6 minutes old", body, Headers("msg_1", now - 360, Sign("msg_1", now - 360, body)), "tolerance"),
            ("6 minutes ahead", body, Headers("msg_1", now + 360, Sign("msg_1", now + 360, body)), "tolerance"),
        ];
        foreach (var (name, sent, headers, reason) in refused)
        {
            using var response = await WebhookBridges.PostAsync(client, bridge.Key, sent, headers);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{name}: {response.StatusCode} {text}");
            Assert.Contains(reason, text);
        }

        Assert.Empty(await host.RecordsAsync(bridge.Id));
        var fourMinutesOld = now - 240;
        using var accepted = await WebhookBridges.PostAsync(client, bridge.Key, body,
            Headers("msg_1", fourMinutesOld, "v1,bm90IGl0 " + Sign("msg_1", fourMinutesOld, body)));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var record = Assert.Single(await host.RecordsAsync(bridge.Id));
        Assert.Equal("event:msg_1", record.NaturalId);
        Assert.Contains("\"event\":\"evaluation.requested\"", record.Payload);
    }
}
