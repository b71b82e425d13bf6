using BridgePortal.Data;
using BridgePortal.Data.Model;
using BridgePortal.Identity;
using BridgePortal.Monitoring;
using BridgePortal.Tests.Connectors.Http;
using BridgePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Tests.Monitoring;

public sealed class DashboardStatsTests
{
    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task The_dashboard_counts_stored_deliveries_and_failures_of_the_operators_own_bridges_only(StorageKind storage)
    {
        await using var host = await PortalHost.StartAsync(storage);
        await using var fake = await FakeHttpEndpoint.StartAsync();
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress);
        var other = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress, start: false);
        using var client = host.CreateClient();

        await IngestAsync(client, bridge, "rec-1");
        await IngestAsync(client, bridge, "rec-2");
        await WaitForStatusAsync(host, bridge, "rec-2", RecordStatus.Delivered);
        fake.Respond(422, "{\"error\":\"field 'name' is required\"}");
        await IngestAsync(client, bridge, "rec-3");
        await WaitForStatusAsync(host, bridge, "rec-3", RecordStatus.Failed);
        await IngestAsync(client, other, "theirs-1");

        var mine = await SnapshotAsync(host, bridge.Owner, StatsWindow.Last24Hours);
        Assert.Equal(2, mine.Delivered);
        Assert.Equal(1, mine.Failed);
        Assert.Equal(2.0 / 3, mine.SuccessRate!.Value, 3);
        Assert.Equal(0, mine.QueueDepth);
        Assert.Equal(1, mine.Errors);
        Assert.NotNull(mine.AverageLatencyMs);
        Assert.NotNull(mine.P95LatencyMs);
        Assert.True(mine.P95LatencyMs >= 0 && mine.AverageLatencyMs >= 0);
        Assert.Equal(DashboardStats.Buckets, mine.Series.Count);
        Assert.Equal(2, mine.Series.Sum(b => b.Delivered));
        Assert.Equal(1, mine.Series.Sum(b => b.Failed));
        Assert.Equal(mine.Series.Last(), mine.Series.First(b => b.Delivered + b.Failed > 0));
        var row = Assert.Single(mine.Bridges);
        Assert.Equal((bridge.Id, BridgeState.Running, 2, 1, 0), (row.Id, row.State, row.Delivered, row.Failed, row.Pending));
        Assert.NotNull(row.AverageLatencyMs);
        Assert.Contains(mine.Recent, e => e.Level == ActivityLevel.Error && e.NaturalId == "rec-3" && e.Detail!.Contains("422"));
        Assert.Contains(mine.Recent, e => e.Action == "bridge.start" && e.BridgeId == bridge.Id);
        Assert.DoesNotContain(mine.Recent, e => e.BridgeId == other.Id);
        Assert.Equal(mine.Recent.OrderByDescending(e => e.At), mine.Recent);

        var theirs = await SnapshotAsync(host, other.Owner, StatsWindow.LastHour);
        Assert.Equal((0, 0, 1, 0), (theirs.Delivered, theirs.Failed, theirs.QueueDepth, theirs.Errors));
        Assert.Null(theirs.SuccessRate);
        Assert.Null(theirs.P95LatencyMs);
        Assert.Equal(other.Id, Assert.Single(theirs.Bridges).Id);

        var admin = await SnapshotAsync(host, await TestBridges.ActorAsync(host, BridgeRoles.Admin, TestUsers.AdminEmail), StatsWindow.Last7Days);
        Assert.Equal((2, 1, 1, 1, 2), (admin.Delivered, admin.Failed, admin.QueueDepth, admin.Errors, admin.Bridges.Count));
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task The_activity_log_merges_attempts_and_audit_entries_and_filters_by_level_bridge_and_text(StorageKind storage)
    {
        await using var host = await PortalHost.StartAsync(storage);
        await using var fake = await FakeHttpEndpoint.StartAsync();
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress);
        using var client = host.CreateClient();
        await IngestAsync(client, bridge, "good-1");
        await WaitForStatusAsync(host, bridge, "good-1", RecordStatus.Delivered);
        fake.Respond(422, "{\"error\":\"rejected\"}");
        await IngestAsync(client, bridge, "bad-1");
        await WaitForStatusAsync(host, bridge, "bad-1", RecordStatus.Failed);

        var all = await ActivityAsync(host, bridge.Owner, new ActivityFilter(), 0, 50);
        Assert.Equal(all.Rows.OrderByDescending(e => e.At), all.Rows);
        Assert.Contains(all.Rows, e => e.Action == "bridge.create");
        Assert.Equal(all.Total, all.Rows.Count);

        var errors = await ActivityAsync(host, bridge.Owner, new ActivityFilter(ActivityLevel.Error), 0, 50);
        Assert.Equal("bad-1", Assert.Single(errors.Rows).NaturalId);

        var info = await ActivityAsync(host, bridge.Owner, new ActivityFilter(ActivityLevel.Info, bridge.Id), 0, 50);
        Assert.All(info.Rows, e => Assert.Equal(ActivityLevel.Info, e.Level));
        Assert.Contains(info.Rows, e => e.NaturalId == "good-1");

        var search = await ActivityAsync(host, bridge.Owner, new ActivityFilter(Search: "GOOD-"), 0, 50);
        Assert.Equal("good-1", Assert.Single(search.Rows).NaturalId);

        var paged = await ActivityAsync(host, bridge.Owner, new ActivityFilter(), 1, 2);
        Assert.Equal(all.Rows.Skip(1).Take(2), paged.Rows);

        var stranger = await ActivityAsync(host, await TestBridges.ActorAsync(host, BridgeRoles.Operator), new ActivityFilter(), 0, 50);
        Assert.Empty(stranger.Rows);
    }

    private static async Task IngestAsync(HttpClient client, TestBridge bridge, string naturalId)
    {
        using var response = await TestBridges.IngestAsync(client, bridge, $"{{\"name\":\"{naturalId}\"}}", naturalId);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task WaitForStatusAsync(PortalHost host, TestBridge bridge, string naturalId, RecordStatus status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BridgeDbContext>();
            var current = await db.Records.Where(r => r.BridgeId == bridge.Id && r.NaturalId == naturalId).Select(r => (RecordStatus?)r.Status).FirstOrDefaultAsync();
            if (current == status)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"record {naturalId} is {current}, not {status}");
            await Task.Delay(50);
        }
    }

    private static async Task<DashboardSnapshot> SnapshotAsync(PortalHost host, Actor actor, StatsWindow window)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DashboardStats>().SnapshotAsync(actor, window, CancellationToken.None);
    }

    private static async Task<ActivityPage> ActivityAsync(PortalHost host, Actor actor, ActivityFilter filter, int skip, int take)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DashboardStats>().ActivityAsync(actor, filter, skip, take, CancellationToken.None);
    }
}
