using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using BridgePortal.Connectors;
using BridgePortal.Connectors.CommCare;
using BridgePortal.Connectors.Http;
using BridgePortal.Connectors.Ingest;
using BridgePortal.Connectors.Kobo;
using BridgePortal.Connectors.Salesforce;
using BridgePortal.Identity;
using BridgePortal.Tests.Connectors.Kobo;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Connectors.StandardWebhooks;
using BridgePortal.Connectors.Sheets;
using BridgePortal.Connectors.GitHub;
using BridgePortal.Connectors.Taiga;
using BridgePortal.Bridges;

namespace BridgePortal.Tests.Infrastructure;

/// <summary>
/// One stopped bridge per push source (the ingest API and every webhook receiver), and how its sender signs a body,
/// so a test can send any bytes that reach the parse. <see cref="Good"/> makes a fresh valid body for number n.
/// </summary>
public sealed record ReceiverTarget(string Name, Guid BridgeId, Func<byte[], string?, HttpRequestMessage> Request, Func<int, string> Good);

public static class ReceiverTargets
{
    public const string Secret = "It's a Secret to Everybody";

    /// <summary>A <c>whsec_</c> secret in the form Standard Webhooks senders show (base64 of 24 bytes).</summary>
    public static readonly string StandardSecret = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("standard-webhooks-secret"));

    public static async Task<List<ReceiverTarget>> CreateAllAsync(PortalHost host)
    {
        var owner = await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        var hooks = "?prj=ld-2026&quality_model=default";
        var (ingestId, ingestKey, token) = await CreateAsync(host, owner, IngestSource.Kind, null, [], []);
        var (gitHubId, gitHubKey, _) = await CreateAsync(host, owner, GitHubWebhookReceiver.SourceKindName, null, [], new() { [WebhookRequests.SecretSetting] = Secret });
        var (taigaId, taigaKey, _) = await CreateAsync(host, owner, TaigaWebhookReceiver.SourceKindName, null, [], new() { [WebhookRequests.SecretSetting] = Secret });
        var (sheetsId, sheetsKey, _) = await CreateAsync(host, owner, SheetsWebhookReceiver.SourceKindName, null, [], new() { [WebhookRequests.SecretSetting] = Secret });
        var (standardId, standardKey, _) = await CreateAsync(host, owner, StandardWebhookReceiver.SourceKindName, null, [], new() { [WebhookRequests.SecretSetting] = StandardSecret });
        var kobo = await KoboBridges.KoboConnectionAsync(host, owner, new Uri("http://127.0.0.1:9/"), "kobo-token");
        var (koboId, koboKey, _) = await CreateAsync(host, owner, KoboSource.SourceKind, kobo, new() { [KoboSettings.AssetUid] = KoboBridges.Asset }, []);
        var (commCareId, commCareKey, _) = await CreateAsync(host, owner, CommCareFormReceiver.SourceKind, null, [], new() { [CommCareSettings.WebhookToken] = Secret });
        var (salesforceId, salesforceKey, _) = await CreateAsync(host, owner, SalesforceRecordsReceiver.SourceKind, null, [], new() { [SalesforceRecordsSettings.Secret] = Secret });

        return
        [
            new("ingest", ingestId, (b, t) => Post($"/api/ingest/{ingestKey}", b, t, ("Authorization", $"Bearer {token}")), n => $"{{\"id\":{n},\"module\":\"m\"}}"),
            new("github", gitHubId, (b, t) => Post($"/hooks/{gitHubKey}{hooks}", b, t, ("X-GitHub-Event", "push"), ("X-GitHub-Delivery", Guid.NewGuid().ToString()),
                ("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), b)))), n => Fakes.WebhookPayloads.GitHubPush(1, salt: $"good-{n}")),
            new("taiga", taigaId, (b, t) => Post($"/hooks/{taigaKey}{hooks}", b, t,
                ("X-TAIGA-WEBHOOK-SIGNATURE", Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(Secret), b)))), n => Fakes.WebhookPayloads.TaigaTask(900000 + n, "New")),
            new("sheets", sheetsId, (b, t) => Post($"/hooks/{sheetsKey}{hooks}", b, t, ("X-Sheets-Token", Secret)), n => Fakes.WebhookPayloads.SheetsRows("Effort", ($"row-{n}", "alice", 1.5))),
            new("standard", standardId, (b, t) => StandardPost($"/hooks/{standardKey}{hooks}", b, t), n => $"{{\"type\":\"contact.created\",\"timestamp\":\"2026-03-02T10:00:00Z\",\"data\":{{\"id\":\"c-{n}\"}}}}"),
            new("kobo", koboId, (b, t) => Post($"/hooks/{koboKey}", b, t),
                n => $"{{\"_id\":{700000 + n},\"_uuid\":\"{Guid.NewGuid()}\",\"meta/instanceID\":\"uuid:{Guid.NewGuid()}\",\"_submission_time\":\"2026-03-02T10:00:00\",\"q1\":\"yes\"}}"),
            new("commcare", commCareId, (b, t) => Post($"/hooks/{commCareKey}", b, t, ("Authorization", $"Bearer {Secret}")),
                n => $"{{\"id\":\"form-{n}\",\"form\":{{\"@xmlns\":\"http://openrosa.org/formdesigner/reg\",\"@name\":\"Registration\",\"meta\":{{\"instanceID\":\"form-{n}\"}}}},\"received_on\":\"2026-03-02T10:00:00Z\"}}"),
            new("salesforce", salesforceId, (b, t) => Post($"/hooks/{salesforceKey}", b, t, ("Authorization", $"Bearer {Secret}")),
                n => $"[{{\"attributes\":{{\"type\":\"Participant__c\"}},\"Id\":\"a0B5g00000{n:D5}\",\"Name\":\"P {n}\"}}]"),
        ];
    }

    public static HttpRequestMessage Post(string path, byte[] body, string? contentType, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    private static HttpRequestMessage StandardPost(string path, byte[] body, string? contentType)
    {
        var id = $"msg_{Guid.NewGuid():N}";
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return Post(path, body, contentType, ("webhook-id", id), ("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("webhook-signature", StandardWebhookReceiver.Sign(StandardSecret, id, timestamp, body)));
    }

    private static async Task<(Guid Id, string Key, string? Token)> CreateAsync(
        PortalHost host, Actor owner, string sourceKind, Guid? sourceConnection, Dictionary<string, string> settings, Dictionary<string, string> secrets)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var (sinkId, sinkErrors) = await scope.ServiceProvider.GetRequiredService<ConnectionService>().SaveAsync(owner, null, new ConnectionDraft(
            HttpConnectionKind.Kind, $"nowhere-{Guid.NewGuid():N}", new() { [HttpSettings.BaseUrl] = "http://127.0.0.1:9/" }, []), CancellationToken.None);
        Assert.True(sinkId is not null, string.Join("; ", sinkErrors.Select(e => $"{e.Key}: {e.Value}")));
        var (bridge, token, errors) = await scope.ServiceProvider.GetRequiredService<BridgeService>().CreateAsync(owner, new BridgeDraft(
            $"{sourceKind}-{Guid.NewGuid():N}", sourceKind, sourceConnection, settings, HttpForwardSink.SinkKind, sinkId, [], null, 3, secrets), CancellationToken.None);
        Assert.True(bridge is not null, string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")));
        return (bridge.Id, bridge.Key, token);
    }
}
