using BridgePortal.Connectors;
using BridgePortal.Connectors.Http;
using BridgePortal.Data.Model;
using BridgePortal.Identity;
using BridgePortal.Tests.Connectors.Http;
using BridgePortal.Tests.Infrastructure;
using BridgePortal.Bridges;

namespace BridgePortal.Tests.Engine;

public sealed class OwnershipTests : IAsyncLifetime
{
    private FakeHttpEndpoint fake = default!;
    private PortalHost host = default!;

    public async Task InitializeAsync()
    {
        fake = await FakeHttpEndpoint.StartAsync();
        host = await PortalHost.StartAsync(StorageKind.Sqlite);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await fake.DisposeAsync();
    }

    [Fact]
    public async Task One_operator_can_neither_see_nor_act_on_another_operators_connections_and_bridges()
    {
        var alice = await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        var bob = await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress, owner: alice);
        await using var scope = host.Services.CreateAsyncScope();
        var connections = scope.ServiceProvider.GetRequiredService<ConnectionService>();
        var bridges = scope.ServiceProvider.GetRequiredService<BridgeService>();
        var records = scope.ServiceProvider.GetRequiredService<RecordService>();

        Assert.Empty(await connections.ListAsync(bob, CancellationToken.None));
        Assert.Empty(await bridges.ListAsync(bob, CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() => bridges.GetAsync(bob, bridge.Id, CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() => bridges.SetStateAsync(bob, bridge.Id, BridgeState.Stopped, CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() => bridges.DeleteAsync(bob, bridge.Id, CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() => bridges.RegenerateTokenAsync(bob, bridge.Id, CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() => connections.TestAsync(bob, bridge.ConnectionId, CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() => connections.DeleteAsync(bob, bridge.ConnectionId, CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() => connections.SaveAsync(bob, bridge.ConnectionId,
            new ConnectionDraft(HttpConnectionKind.Kind, "stolen", new() { ["BaseUrl"] = "http://127.0.0.1:1" }, []), CancellationToken.None));
        Assert.Equal(0, (await records.ListAsync(bob, new RecordFilter(bridge.Id), 0, 10, CancellationToken.None)).Total);

        // Bob cannot route his own bridge through Alice's connection either.
        var (created, _, errors) = await bridges.CreateAsync(bob, new BridgeDraft("bob's", "Ingest", null, [], "Http", bridge.ConnectionId, [], null), CancellationToken.None);
        Assert.Null(created);
        Assert.Contains("SinkConnectionId", errors.Keys);

        Assert.Single(await bridges.ListAsync(alice, CancellationToken.None));
    }

    [Fact]
    public async Task A_viewer_sees_bridges_but_cannot_start_stop_create_or_retry()
    {
        var owner = await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        var viewer = await TestBridges.ActorAsync(host, BridgeRoles.Viewer);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress, owner: owner);
        await using var scope = host.Services.CreateAsyncScope();
        var bridges = scope.ServiceProvider.GetRequiredService<BridgeService>();

        var seen = Assert.Single(await bridges.ListAsync(viewer, CancellationToken.None));
        Assert.False(seen.Editable);
        await Assert.ThrowsAsync<AccessDeniedException>(() => bridges.SetStateAsync(viewer, bridge.Id, BridgeState.Stopped, CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() => bridges.CreateAsync(viewer, new BridgeDraft("v", "Ingest", null, [], "Http", null, [], null), CancellationToken.None));
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<ConnectionService>().ListAsync(viewer, CancellationToken.None));

        fake.Respond(422, "no");
        using var client = host.CreateClient();
        await TestBridges.IngestAsync(client, bridge, "{}", idempotencyKey: "x");
        await host.UntilStatusAsync(bridge.Id, "x", RecordStatus.Failed);
        var records = scope.ServiceProvider.GetRequiredService<RecordService>();
        var failed = await records.ListAsync(viewer, new RecordFilter(Statuses: RecordService.FailedStatuses), 0, 10, CancellationToken.None);
        Assert.Equal(0, await records.RetryAsync(viewer, [failed.Rows.Single().Id], CancellationToken.None));
        Assert.Equal(0, await records.DiscardAsync(viewer, [failed.Rows.Single().Id], CancellationToken.None));
        Assert.Equal(RecordStatus.Failed, (await host.RecordsAsync(bridge.Id)).Single().Status);
    }

    [Fact]
    public async Task An_admin_sees_every_connection_by_name_and_kind_but_never_its_settings_or_secrets()
    {
        var owner = await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        var admin = await TestBridges.ActorAsync(host, BridgeRoles.Admin);
        await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress, owner: owner, signingSecret: "top-secret-value");
        await using var scope = host.Services.CreateAsyncScope();

        var seen = Assert.Single(await scope.ServiceProvider.GetRequiredService<ConnectionService>().ListAsync(admin, CancellationToken.None));
        Assert.Equal(HttpConnectionKind.Kind, seen.Kind);
        Assert.Empty(seen.Settings);
        Assert.Empty(seen.SecretsSet);
        Assert.DoesNotContain("top-secret-value", System.Text.Json.JsonSerializer.Serialize(seen));
    }

    [Fact]
    public async Task Retry_of_failed_records_moves_them_through_pending_to_delivered_and_discard_sets_them_aside_with_audit()
    {
        var owner = await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress, owner: owner);
        fake.Respond(422, "rejected");
        using var client = host.CreateClient();
        foreach (var id in new[] { "a", "b", "c" })
        {
            await TestBridges.IngestAsync(client, bridge, $$"""{"id":"{{id}}"}""", idempotencyKey: id);
            await host.UntilStatusAsync(bridge.Id, id, RecordStatus.Failed);
        }

        fake.Heal();
        await using var scope = host.Services.CreateAsyncScope();
        var records = scope.ServiceProvider.GetRequiredService<RecordService>();
        var rows = (await records.ListAsync(owner, new RecordFilter(bridge.Id, RecordService.FailedStatuses), 0, 10, CancellationToken.None)).Rows;
        Assert.Equal(1, await records.RetryAsync(owner, [rows.Single(r => r.NaturalId == "a").Id], CancellationToken.None));
        await host.UntilStatusAsync(bridge.Id, "a", RecordStatus.Delivered);

        Assert.Equal(1, await records.DiscardAsync(owner, [rows.Single(r => r.NaturalId == "b").Id], CancellationToken.None));
        Assert.Equal(1, await records.RetryMatchingAsync(owner, new RecordFilter(bridge.Id, RecordService.FailedStatuses), CancellationToken.None));
        await host.UntilStatusAsync(bridge.Id, "c", RecordStatus.Delivered);

        // Issue 15: a discard keeps the record (status Discarded) instead of deleting it.
        Assert.Equal([("a", RecordStatus.Delivered), ("b", RecordStatus.Discarded), ("c", RecordStatus.Delivered)],
            (await host.RecordsAsync(bridge.Id)).Select(r => (r.NaturalId, r.Status)));
        var audit = await host.DbAsync(db => Task.FromResult(db.AuditEntries.Where(a => a.BridgeId == bridge.Id).Select(a => a.Action).ToList()));
        Assert.Equal(2, audit.Count(a => a == "record.retry"));
        Assert.Contains("record.discard", audit);
    }
}
