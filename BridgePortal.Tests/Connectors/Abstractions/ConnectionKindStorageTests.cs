using BridgePortal.Connectors;
using BridgePortal.Connectors.Http;
using BridgePortal.Connectors.Kobo;
using BridgePortal.Identity;
using BridgePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Tests.Connectors.Abstractions;

/// <summary>A connection kind is a connector's value, not an enum: it must still be stored and queried as the plain name.</summary>
public sealed class ConnectionKindStorageTests
{
    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_kind_is_stored_as_its_plain_name_and_compared_in_sql(StorageKind storage)
    {
        await using var host = await PortalHost.StartAsync(storage);
        var actor = await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        await using var scope = host.Services.CreateAsyncScope();
        var connections = scope.ServiceProvider.GetRequiredService<ConnectionService>();
        var (id, errors) = await connections.SaveAsync(actor, null, new ConnectionDraft(HttpConnectionKind.Kind, "central",
            new() { [HttpSettings.BaseUrl] = "https://central.example.org" }, []), CancellationToken.None);
        Assert.True(id is not null, string.Join("; ", errors.Values));

        var stored = await host.DbAsync(db => db.Database.SqlQueryRaw<string>("""SELECT "Kind" AS "Value" FROM "Connections" """).ToListAsync());
        Assert.Equal(["Http"], stored);

        var sql = await host.DbAsync(db => Task.FromResult(db.Connections.Where(c => c.Kind == KoboConnectionKind.Kind).ToQueryString()));
        Assert.Contains("\"Kind\" = ", sql);
        Assert.Equal(1, await host.DbAsync(db => db.Connections.CountAsync(c => c.Kind == HttpConnectionKind.Kind)));
        Assert.Equal(0, await host.DbAsync(db => db.Connections.CountAsync(c => c.Kind == KoboConnectionKind.Kind)));
        Assert.Single(await connections.UsableAsync(actor, HttpConnectionKind.Kind, CancellationToken.None));
        Assert.Empty(await connections.UsableAsync(actor, KoboConnectionKind.Kind, CancellationToken.None));
        Assert.Single(await connections.UsableAsync(actor, null, CancellationToken.None));
    }
}
