using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using BridgePortal.Connectors.CommCare;
using BridgePortal.Connectors.PostgreSql;
using BridgePortal.Data.Model;
using BridgePortal.Identity;
using BridgePortal.Tests.Infrastructure;
using BridgePortal.Bridges;

namespace BridgePortal.Tests.Connectors.CommCare;

/// <summary>A CommCare forms → PostgreSQL surveys bridge into a fresh sink database.</summary>
public sealed record CommCareSurveyBridge(Guid Id, string Key, string SinkDatabase, Actor Owner);

public static class CommCareSurveyBridges
{
    public const string Token = "forwarder-bearer-token-7f3a";

    /// <summary>The sink settings the tests use: the fixtures' registration and visit xmlns, tables created on first use.</summary>
    public static Dictionary<string, string> Settings() => new()
    {
        [SurveySinkSettings.RegistrationFormsSetting] = CommCarePayloads.WetMillRegistration,
        [SurveySinkSettings.VisitFormsSetting] = CommCarePayloads.WetMillVisit,
        [SurveySinkSettings.CreateTablesSetting] = "true",
        [SurveySinkSettings.RepeatGroupsSetting] = "plots",
    };

    public static async Task<CommCareSurveyBridge> CreateAsync(PortalHost host, bool start = true, Dictionary<string, string>? sinkSettings = null, string? database = null)
    {
        var owner = await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        database ??= await (await PostgresServer.GetAsync()).CreateDatabaseAsync("surveys");
        await using var scope = host.Services.CreateAsyncScope();
        var connections = scope.ServiceProvider.GetRequiredService<BridgePortal.Connectors.ConnectionService>();
        var bridges = scope.ServiceProvider.GetRequiredService<BridgeService>();
        var (pgId, pgErrors) = await connections.SaveAsync(owner, null, new BridgePortal.Connectors.ConnectionDraft(
            PostgreSqlConnectionKind.Kind, $"analytics-{Guid.NewGuid():N}", [], new() { [PostgreSqlConnectionKind.ConnectionString] = database }), CancellationToken.None);
        Assert.True(pgId is not null, string.Join("; ", pgErrors.Select(e => $"{e.Key}: {e.Value}")));

        var (bridge, _, errors) = await bridges.CreateAsync(owner, new BridgeDraft(
            $"surveys-{Guid.NewGuid():N}", CommCareFormReceiver.SourceKind, null, [], PostgreSqlSurveySink.SinkKind, pgId, sinkSettings ?? Settings(), null, 3,
            new() { [CommCareSettings.WebhookToken] = Token }), CancellationToken.None);
        Assert.True(bridge is not null, string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")));
        if (start)
        {
            await StartAsync(host, owner, bridge.Id);
        }

        return new CommCareSurveyBridge(bridge.Id, bridge.Key, database, owner);
    }

    public static async Task StartAsync(PortalHost host, Actor owner, Guid bridgeId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<BridgeService>().SetStateAsync(owner, bridgeId, BridgeState.Running, CancellationToken.None);
    }

    /// <summary>Forwards <paramref name="form"/> as CommCare's data forwarder does; asserts 202.</summary>
    public static async Task ForwardAsync(HttpClient client, string key, JsonObject form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/hooks/{key}") { Content = new StringContent(form.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }
}
