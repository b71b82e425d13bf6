using BridgePortal.Connectors;
using BridgePortal.Connectors.Http;
using BridgePortal.Data.Model;
using BridgePortal.Identity;
using BridgePortal.Tests.Connectors.Http;
using BridgePortal.Tests.Infrastructure;
using BridgePortal.Bridges;

namespace BridgePortal.Tests.Identity;

/// <summary>
/// Issue 17 item 5. The UI's services are called with the principal an open circuit holds (built once at sign-in,
/// as the circuit keeps it): a lock or a demotion made afterwards by an Admin must stop that principal's next action.
/// </summary>
public sealed class OpenSessionTests
{
    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_locked_users_next_action_is_refused_with_a_clear_message(StorageKind storage)
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        await using var host = await PortalHost.StartAsync(storage);
        var operatorInSession = await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress, owner: operatorInSession);
        await using var scope = host.Services.CreateAsyncScope();
        Assert.True((await scope.ServiceProvider.GetRequiredService<UserAdministration>().LockAsync(operatorInSession.Id)).Succeeded);

        var bridges = scope.ServiceProvider.GetRequiredService<BridgeService>();
        var stop = await Assert.ThrowsAsync<AccessDeniedException>(() => bridges.SetStateAsync(operatorInSession, bridge.Id, BridgeState.Stopped, CancellationToken.None));
        Assert.Equal(ActorCheck.Locked, stop.Message);
        var create = await Assert.ThrowsAsync<AccessDeniedException>(() => scope.ServiceProvider.GetRequiredService<ConnectionService>().SaveAsync(operatorInSession, null,
            new ConnectionDraft(HttpConnectionKind.Kind, "after-lock", new() { [HttpSettings.BaseUrl] = fake.BaseAddress.ToString() }, []), CancellationToken.None));
        Assert.Equal(ActorCheck.Locked, create.Message);
        await Assert.ThrowsAsync<AccessDeniedException>(() => scope.ServiceProvider.GetRequiredService<RecordService>().RetryMatchingAsync(operatorInSession, new RecordFilter(bridge.Id), CancellationToken.None));

        Assert.Equal(BridgeState.Running, (await host.DbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Bridges, b => b.Id == bridge.Id))).State);
        Assert.Equal(1, await host.DbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Connections, c => c.OwnerId == operatorInSession.Id)));
    }

    [SkippableFact]
    public async Task An_operator_demoted_to_Viewer_can_no_longer_start_their_bridge()
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var operatorInSession = await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress, owner: operatorInSession, start: false);
        await using var scope = host.Services.CreateAsyncScope();
        Assert.True((await scope.ServiceProvider.GetRequiredService<UserAdministration>().ChangeRoleAsync(operatorInSession.Id, BridgeRoles.Viewer)).Succeeded);
        Assert.True(operatorInSession.IsOperator); // the session's principal still says Operator

        var bridges = scope.ServiceProvider.GetRequiredService<BridgeService>();
        await Assert.ThrowsAsync<AccessDeniedException>(() => bridges.SetStateAsync(operatorInSession, bridge.Id, BridgeState.Running, CancellationToken.None));
        Assert.Equal(BridgeState.Stopped, (await host.DbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Bridges, b => b.Id == bridge.Id))).State);

        // Promoted back, the same session may act again: the check reads the current role, it does not end the session.
        Assert.True((await scope.ServiceProvider.GetRequiredService<UserAdministration>().ChangeRoleAsync(operatorInSession.Id, BridgeRoles.Operator)).Succeeded);
        await bridges.SetStateAsync(operatorInSession, bridge.Id, BridgeState.Running, CancellationToken.None);
    }
}
