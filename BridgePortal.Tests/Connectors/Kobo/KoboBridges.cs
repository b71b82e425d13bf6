using BridgePortal.Connectors;
using BridgePortal.Connectors.EventHubs;
using BridgePortal.Connectors.Kobo;
using BridgePortal.Data.Model;
using BridgePortal.Identity;
using BridgePortal.Tests.Connectors.EventHubs;
using BridgePortal.Tests.Infrastructure;
using BridgePortal.Bridges;

namespace BridgePortal.Tests.Connectors.Kobo;

/// <summary>A Kobo → Event Hubs bridge created through the app's services.</summary>
public sealed record KoboBridge(Guid Id, string Key, Guid KoboConnectionId, Guid HubConnectionId, Actor Owner);

public static class KoboBridges
{
    public const string Asset = "aSurvey1";

    public static async Task<Guid> KoboConnectionAsync(PortalHost host, Actor owner, Uri server, string token)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var (id, errors) = await scope.ServiceProvider.GetRequiredService<ConnectionService>().SaveAsync(owner, null, new ConnectionDraft(
            KoboConnectionKind.Kind, $"kobo-{Guid.NewGuid():N}", new() { [KoboSettings.ServerUrl] = server.ToString() }, new() { [KoboSettings.ApiToken] = token }),
            CancellationToken.None);
        Assert.True(id is not null, string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")));
        return id.Value;
    }

    public static async Task<Guid> HubConnectionAsync(PortalHost host, Actor owner, FakeEventHubs hubs)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var (id, errors) = await scope.ServiceProvider.GetRequiredService<ConnectionService>().SaveAsync(owner, null, new ConnectionDraft(
            EventHubsConnectionKind.Kind, $"hub-{Guid.NewGuid():N}", new() { [EventHubsSettings.ServiceUrl] = hubs.BaseAddress.ToString() },
            new() { [EventHubsSettings.ConnectionString] = hubs.ConnectionString }),
            CancellationToken.None);
        Assert.True(id is not null, string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")));
        return id.Value;
    }

    /// <summary>Kobo project <see cref="Asset"/> → the fake hub; started unless told not to (starting polls at once).</summary>
    public static async Task<KoboBridge> CreateAsync(
        PortalHost host,
        FakeKobo kobo,
        FakeEventHubs hubs,
        bool start = true,
        Dictionary<string, string>? sourceSettings = null,
        Dictionary<string, string>? sourceSecrets = null,
        Dictionary<string, string>? sinkSettings = null)
    {
        var owner = await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        var koboId = await KoboConnectionAsync(host, owner, kobo.BaseAddress, kobo.Token);
        var hubId = await HubConnectionAsync(host, owner, hubs);
        await using var scope = host.Services.CreateAsyncScope();
        var bridges = scope.ServiceProvider.GetRequiredService<BridgeService>();
        var settings = new Dictionary<string, string> { [KoboSettings.AssetUid] = Asset };
        foreach (var (k, v) in sourceSettings ?? [])
        {
            settings[k] = v;
        }

        var (bridge, _, errors) = await bridges.CreateAsync(owner, new BridgeDraft(
            $"kobo-{Guid.NewGuid():N}", KoboSource.SourceKind, koboId, settings, EventHubsSink.SinkKind, hubId, sinkSettings ?? [], null, 3, sourceSecrets),
            CancellationToken.None);
        Assert.True(bridge is not null, string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")));
        if (start)
        {
            await bridges.SetStateAsync(owner, bridge.Id, BridgeState.Running, CancellationToken.None);
        }

        return new KoboBridge(bridge.Id, bridge.Key, koboId, hubId, owner);
    }

    public static async Task SetStateAsync(PortalHost host, KoboBridge bridge, BridgeState state)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<BridgeService>().SetStateAsync(bridge.Owner, bridge.Id, state, CancellationToken.None);
    }

    public static async Task PollNowAsync(PortalHost host, KoboBridge bridge)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<BridgeService>().PollNowAsync(bridge.Owner, bridge.Id, CancellationToken.None);
    }

    public static Task<Bridge> BridgeAsync(PortalHost host, Guid id) =>
        host.DbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Bridges, b => b.Id == id));
}
