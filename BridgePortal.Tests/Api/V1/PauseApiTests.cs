using System.Net;
using BridgePortal.Identity;
using BridgePortal.Tests.Connectors.Http;
using BridgePortal.Tests.Infrastructure;

namespace BridgePortal.Tests.Api.V1;

/// <summary>A script pauses and resumes a bridge's delivery and sets its sink protection through /api/v1.</summary>
public sealed class PauseApiTests
{
    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_paused_bridge_stores_but_does_not_deliver_until_resumed_and_both_are_audited(StorageKind storage)
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        await using var host = await PortalHost.StartAsync(storage);
        using var portal = await TestUsers.LoggedInAsync(host, BridgeRoles.Operator);
        using var api = ApiClient.Create(host, await ApiClient.CreateTokenOnProfilePageAsync(portal));
        var connection = await api.PostAsync("/api/v1/connections", new
        {
            kind = "Http",
            name = "central",
            settings = new Dictionary<string, string> { ["BaseUrl"] = fake.BaseAddress.ToString() },
        }, HttpStatusCode.Created);
        var created = await api.PostAsync("/api/v1/bridges", new
        {
            name = "orders",
            sourceKind = "Ingest",
            sinkKind = "Http",
            sinkConnectionId = connection.GetProperty("id").GetGuid(),
            protection = new { breakerFailures = 3, breakerSeconds = 0, rateLimitPerSecond = 50 },
        }, HttpStatusCode.Created);
        var id = created.GetProperty("bridge").GetProperty("id").GetGuid();
        var protection = created.GetProperty("bridge").GetProperty("protection");
        Assert.Equal((3, 0, 50), (protection.GetProperty("breakerFailures").GetInt32(), protection.GetProperty("breakerSeconds").GetInt32(), protection.GetProperty("rateLimitPerSecond").GetInt32()));
        var bridge = new TestBridge(id, created.GetProperty("bridge").GetProperty("key").GetString()!, created.GetProperty("ingestToken").GetString()!, Guid.Empty, null!);
        await api.PostAsync($"/api/v1/bridges/{id}/start", null);

        var paused = await api.PostAsync($"/api/v1/bridges/{id}/pause", null);
        Assert.True(paused.GetProperty("pause").GetProperty("paused").GetBoolean());
        Assert.True(paused.GetProperty("pause").GetProperty("manual").GetBoolean());
        Assert.StartsWith("by ", paused.GetProperty("pause").GetProperty("reason").GetString());
        await Task.Delay(1100); // every instance sees a pause within a second
        Assert.Equal(HttpStatusCode.Accepted, (await TestBridges.IngestAsync(api.Http, bridge, """{"n":1}""", idempotencyKey: "held")).StatusCode);
        await Task.Delay(2500);
        Assert.Empty(fake.Requests);

        var resumed = await api.PostAsync($"/api/v1/bridges/{id}/resume", null);
        Assert.False(resumed.GetProperty("pause").GetProperty("paused").GetBoolean());
        await fake.WaitForAsync(r => r.Count == 1);
        Assert.Equal(["bridge.create", "bridge.start", "bridge.pause", "bridge.resume"], await host.AuditActionsAsync(id));

        var invalid = await api.SendJsonAsync(HttpMethod.Put, $"/api/v1/bridges/{id}", new
        {
            name = "orders",
            sourceKind = "Ingest",
            sinkKind = "Http",
            sinkConnectionId = connection.GetProperty("id").GetGuid(),
            protection = new { breakerFailures = -1, breakerSeconds = 120, rateLimitPerSecond = 0 },
        }, HttpStatusCode.BadRequest);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("RateLimitPerSecond", out _));

        using var viewer = await TestUsers.LoggedInAsync(host, BridgeRoles.Viewer);
        using var viewerApi = ApiClient.Create(host, await ApiClient.CreateTokenOnProfilePageAsync(viewer));
        await viewerApi.PostAsync($"/api/v1/bridges/{id}/pause", null, HttpStatusCode.Forbidden);
    }
}
