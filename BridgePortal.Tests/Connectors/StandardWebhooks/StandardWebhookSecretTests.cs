using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using BridgePortal.Tests.Fakes;
using BridgePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Connectors.StandardWebhooks;
using BridgePortal.Bridges;

namespace BridgePortal.Tests.Connectors.StandardWebhooks;

/// <summary>Standard Webhooks secrets in the forms the official libraries accept, and refused forms, through /hooks/{key}.</summary>
public sealed class StandardWebhookSecretTests
{
    private const string Body = """{"type":"evaluation.requested","data":{"team":"t1"}}""";

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_secret_without_the_prefix_and_without_padding_verifies_what_the_sender_signs(StorageKind storage)
    {
        await using var host = await PortalHost.StartAsync(storage);
        const string secret = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS"; // the sender's whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS=
        var bridge = await WebhookBridges.CreateAsync(host, StandardWebhookReceiver.SourceKindName, sinkDatabase: false, start: false, secret: secret);
        using var client = host.CreateClient();
        var key = Convert.FromBase64String(secret + "=");

        using (var asText = await PostAsync(client, bridge.Key, "msg_text", Encoding.UTF8.GetBytes(secret)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, asText.StatusCode); // the key is the decoded bytes, not the text
        }

        using var accepted = await PostAsync(client, bridge.Key, "msg_unpadded", key);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("event:msg_unpadded", Assert.Single(await host.RecordsAsync(bridge.Id)).NaturalId);
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_secret_that_is_not_base64_or_decodes_to_nothing_is_refused_on_save_and_a_stored_one_refuses_every_message(StorageKind storage)
    {
        await using var host = await PortalHost.StartAsync(storage);
        var bridge = await WebhookBridges.CreateAsync(host, StandardWebhookReceiver.SourceKindName, sinkDatabase: false, start: false, secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var bridges = scope.ServiceProvider.GetRequiredService<BridgeService>();
            var stored = await bridges.GetAsync(bridge.Owner, bridge.Id, CancellationToken.None);
            var sinkSettings = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(stored.SinkSettingsJson)!;
            foreach (var (secret, reason) in new[] { ("whsec_", "zero bytes"), ("It's a Secret to Everybody", "not base64") })
            {
                BridgeDraft Draft() => new(stored.Name, stored.SourceKind, null, [], stored.SinkKind, stored.SinkConnectionId, sinkSettings, null, 3,
                    new() { [WebhookRequests.SecretSetting] = secret });
                var (created, _, createErrors) = await bridges.CreateAsync(bridge.Owner, Draft() with { Name = $"new-{Guid.NewGuid():N}" }, CancellationToken.None);
                Assert.Null(created);
                Assert.Contains(reason, createErrors[WebhookRequests.SecretSetting]);
                var updateErrors = await bridges.UpdateAsync(bridge.Owner, bridge.Id, Draft(), CancellationToken.None);
                Assert.Contains(reason, updateErrors[WebhookRequests.SecretSetting]);
            }
        }

        using var client = host.CreateClient();
        using (var stillValid = await PostAsync(client, bridge.Key, "msg_kept", Convert.FromBase64String("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")))
        {
            Assert.Equal(HttpStatusCode.Accepted, stillValid.StatusCode); // the refused updates left the stored secret alone
        }

        // A bridge saved with "whsec_" before secrets were checked: a message signed with the empty key is refused.
        await host.DbAsync(async db =>
        {
            var row = await db.Bridges.SingleAsync(b => b.Id == bridge.Id);
            row.ProtectedWebhookSecret = host.Services.GetRequiredService<SecretProtector>().Protect(new Dictionary<string, string> { [WebhookRequests.SecretSetting] = "whsec_" });
            return await db.SaveChangesAsync();
        });
        host.Services.GetRequiredService<BridgeDirectory>().Invalidate(bridge.Key);
        using var refused = await PostAsync(client, bridge.Key, "msg_empty_key", []);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("zero bytes", await refused.Content.ReadAsStringAsync());
        Assert.Equal(["event:msg_kept"], (await host.RecordsAsync(bridge.Id)).Select(r => r.NaturalId));
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string bridgeKey, string id, byte[] key)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{Body}")));
        return WebhookBridges.PostAsync(client, bridgeKey, Body, [("webhook-id", id), ("webhook-timestamp", timestamp), ("webhook-signature", "v1," + signature)]);
    }
}
