using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using BridgePortal.Connectors.CommCare;
using BridgePortal.Tests.Connectors.Http;
using BridgePortal.Tests.Infrastructure;

namespace BridgePortal.Tests.Api;

/// <summary>Issue 17 item 6: a bridge token sees only its bridge; a webhook bridge's ingest token cannot bypass the webhook's checks.</summary>
public sealed class ApiExposureTests
{
    [SkippableFact]
    public async Task A_webhook_source_bridge_refuses_the_ingest_API_and_health_shows_only_the_tokens_bridge()
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        fake.Respond(500, "down");
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var webhook = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress, sourceKind: CommCareFormReceiver.SourceKind);
        var other = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress, start: false);
        using var client = host.CreateClient();

        using (var refused = await TestBridges.IngestAsync(client, webhook, """{"id":"x"}""", idempotencyKey: "x"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains($"This bridge receives signed webhooks at /hooks/{webhook.Key}", await refused.Content.ReadAsStringAsync());
        }

        Assert.Empty(await host.RecordsAsync(webhook.Id));

        // Two pending records on the other bridge: the webhook bridge's token must not see them.
        Assert.Equal(HttpStatusCode.Accepted, (await TestBridges.IngestAsync(client, other, """[{"a":1},{"a":2}]""", idempotencyKey: "k")).StatusCode);
        Assert.Equal(0, (await HealthAsync(client, webhook.Token)).GetProperty("pendingQueue").GetInt32());
        Assert.Equal(2, (await HealthAsync(client, other.Token)).GetProperty("pendingQueue").GetInt32());
    }

    [SkippableTheory]
    [InlineData("https://localhost", true)]
    [InlineData("http://localhost", false)]
    public async Task The_auth_cookie_is_Secure_when_the_request_is_HTTPS(string address, bool secure)
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        await TestUsers.EnsureAdminAsync(host);
        using var client = new PortalClient(host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = true,
            BaseAddress = new Uri(address),
        }));

        using var response = await client.LoginAsync(TestUsers.AdminEmail, TestUsers.Password);

        var auth = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("BridgePortal.Auth=", StringComparison.Ordinal));
        Assert.Equal(secure, auth.Contains("; secure", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("; httponly", auth, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<JsonElement> HealthAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
