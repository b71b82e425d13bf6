using BridgePortal.Components.Pages.Connections;
using BridgePortal.Connectors;
using BridgePortal.Identity;
using BridgePortal.Tests.Infrastructure;

namespace BridgePortal.Tests.Connectors.Kobo;

/// <summary>What the catalog dialog and the bridge dialog show for a connection's project list, through the real Kobo client.</summary>
public sealed class CatalogLoaderTests
{
    [Fact]
    public async Task A_kobo_connection_lists_its_projects_or_says_why_it_cannot()
    {
        await using var kobo = await FakeKobo.StartAsync();
        kobo.AddAsset(KoboBridges.Asset, "Household survey");
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var owner = await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        var good = await KoboBridges.KoboConnectionAsync(host, owner, kobo.BaseAddress, kobo.Token);
        var refused = await KoboBridges.KoboConnectionAsync(host, owner, kobo.BaseAddress, "not-the-token");
        var unreachable = await KoboBridges.KoboConnectionAsync(host, owner, new Uri("http://127.0.0.1:9/"), kobo.Token);
        var stranger = await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        await using var scope = host.Services.CreateAsyncScope();
        var connections = scope.ServiceProvider.GetRequiredService<ConnectionService>();

        var (items, failure) = await CatalogLoader.LoadAsync(connections, owner, good, "projects", CancellationToken.None);
        Assert.Null(failure);
        var item = Assert.Single(items!);
        Assert.Equal((KoboBridges.Asset, "Household survey"), (item.Id, item.Name));
        Assert.Equal(["deployed", "0"], item.Details.Take(2));

        Assert.Equal((null, "Kobo refused the API token (401): check the token in the connection."),
            await CatalogLoader.LoadAsync(connections, owner, refused, "projects", CancellationToken.None));
        var (_, down) = await CatalogLoader.LoadAsync(connections, owner, unreachable, "projects", CancellationToken.None);
        Assert.Equal("KoboToolbox: could not reach 127.0.0.1:9 (connection refused). Check the server URL.", down);
        Assert.DoesNotContain(kobo.Token, down);
        Assert.Equal((null, "No such connection."), await CatalogLoader.LoadAsync(connections, stranger, good, "projects", CancellationToken.None));
    }
}
