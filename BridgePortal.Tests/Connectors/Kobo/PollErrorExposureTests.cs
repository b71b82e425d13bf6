using BridgePortal.Data.Model;
using BridgePortal.Identity;
using BridgePortal.Tests.Connectors.EventHubs;
using BridgePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Tests.Connectors.Kobo;

/// <summary>Issue 17 (6): a poll error names the Kobo server for the bridge's owner only; Viewers and Admins read the same sentence without it.</summary>
public sealed class PollErrorExposureTests
{
    private const string Server = "http://kobo-private-7f3a.invalid/";

    [Fact]
    public async Task Only_the_owner_reads_the_source_connections_server_in_a_poll_error()
    {
        await using var kobo = await FakeKobo.StartAsync();
        await using var hubs = await FakeEventHubs.StartAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await KoboBridges.CreateAsync(host, kobo, hubs, start: false);
        await host.DbAsync(db => db.Connections.Where(c => c.Id == bridge.KoboConnectionId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.SettingsJson, $"{{\"ServerUrl\":\"{Server}\"}}")));
        await KoboBridges.SetStateAsync(host, bridge, BridgeState.Running);
        await Eventually.UntilAsync(async () => (await KoboBridges.BridgeAsync(host, bridge.Id)).LastPollError is not null, "the poll failed");

        using var owner = ApiClient.Create(host, await TokenAsync(host, bridge.Owner));
        var ownerSees = (await owner.GetJsonAsync($"/api/v1/bridges/{bridge.Id}")).GetProperty("lastPollError").GetString();
        Assert.Equal("KoboToolbox: could not reach kobo-private-7f3a.invalid (name not resolved). Check the server URL.", ownerSees);

        foreach (var role in new[] { BridgeRoles.Viewer, BridgeRoles.Admin })
        {
            using var other = ApiClient.Create(host, await TokenAsync(host, await TestBridges.ActorAsync(host, role)));
            var body = string.Join("\n", (await other.GetJsonAsync($"/api/v1/bridges/{bridge.Id}")).GetProperty("lastPollError").GetString());
            Assert.Equal("KoboToolbox: could not reach [the connection's server] (name not resolved). Check the server URL.", body);
            Assert.DoesNotContain("kobo-private", string.Join("\n", other.Bodies));
        }
    }

    private static async Task<string> TokenAsync(PortalHost host, Actor actor)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var (token, error) = await scope.ServiceProvider.GetRequiredService<PersonalAccessTokenService>().CreateAsync(actor, "test", null, CancellationToken.None);
        Assert.True(token is not null, error);
        return token;
    }
}
