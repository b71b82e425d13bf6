using BridgePortal.Connectors;
using BridgePortal.Connectors.AtHoc;
using BridgePortal.Data;
using BridgePortal.Identity;
using BridgePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Tests.Connectors.AtHoc;

public sealed class AtHocConnectionAndMappingTests
{
    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task Test_connection_gets_a_token_and_reads_one_user_and_names_refused_credentials(StorageKind storage)
    {
        await using var athoc = await FakeAtHoc.StartAsync();
        athoc.AddUser("u1@example.org", new Dictionary<string, string> { ["Collar-Number"] = "E1" });
        await using var host = await PortalHost.StartAsync(storage);
        var owner = await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        var id = await AtHocBridges.ConnectionAsync(host, owner, athoc);
        await using var scope = host.Services.CreateAsyncScope();
        var connections = scope.ServiceProvider.GetRequiredService<ConnectionService>();

        var ok = await connections.TestAsync(owner, id, CancellationToken.None);
        Assert.True(ok.Succeeded, ok.Message);
        Assert.Contains("First user: u1@example.org", ok.Message);
        Assert.Equal(1, athoc.SearchRequests);

        var password = athoc.Password;
        athoc.Password = "changed";
        var refused = await connections.TestAsync(owner, id, CancellationToken.None);
        Assert.False(refused.Succeeded);
        Assert.Contains("AtHoc refused the credentials (400, invalid_grant", refused.Message);
        Assert.DoesNotContain(password, refused.Message);
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task The_sync_job_follows_the_schedule_rules_and_reads_all_pages(StorageKind storage)
    {
        await using var athoc = await FakeAtHoc.StartAsync();
        for (var i = 0; i < 2500; i++)
        {
            athoc.AddUser($"user{i}@example.org", new Dictionary<string, string> { ["Collar-Number"] = $"E{i}", ["Badge"] = $"B{i}" });
        }

        await using var host = await PortalHost.StartAsync(storage);
        var owner = await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        var id = await AtHocBridges.ConnectionAsync(host, owner, athoc, new() { [AtHocSettings.CollarIdAttribute] = "Badge" });
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 6, 1, 10, 0, 0, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);

        async Task<int> RunAsync()
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BridgeDbContext>();
            var sync = new AtHocMappingSync(db, scope.ServiceProvider.GetRequiredService<AtHocUsers>(), scope.ServiceProvider.GetRequiredService<SecretProtector>(), clock, NullLogger<AtHocMappingSync>.Instance);
            return await new AtHocMappingSyncJob(db, sync, clock, NullLogger<AtHocMappingSyncJob>.Instance).RunAsync(CancellationToken.None);
        }

        Task<AtHocMappingSyncState> StateAsync() => host.DbAsync(db => db.Set<AtHocMappingSyncState>().AsNoTracking().SingleAsync(s => s.ConnectionId == id));

        Assert.Equal(1, await RunAsync()); // never synced
        Assert.Equal(2500, await host.DbAsync(db => db.Set<AtHocUserMapping>().CountAsync(m => m.ConnectionId == id)));
        Assert.Equal("B42", (await host.DbAsync(db => db.Set<AtHocUserMapping>().SingleAsync(m => m.EmployeeId == "E42"))).CollarId);
        Assert.Equal(3, athoc.SearchRequests);
        Assert.Equal((AtHocSyncStatus.Succeeded, AtHocMappingSync.Scheduled), ((await StateAsync()).LastStatus, (await StateAsync()).LastType));

        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await RunAsync()); // up to date

        athoc.FailSearch = true;
        clock.Advance(TimeSpan.FromHours(10)); // 21:00: daily sync, which fails
        Assert.Equal(1, await RunAsync());
        Assert.Equal(AtHocSyncStatus.Failed, (await StateAsync()).LastStatus);
        Assert.Equal(2500, await host.DbAsync(db => db.Set<AtHocUserMapping>().CountAsync(m => m.ConnectionId == id)));

        athoc.FailSearch = false;
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, await RunAsync()); // the last one failed
        Assert.Equal(AtHocSyncStatus.Succeeded, (await StateAsync()).LastStatus);
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0, await RunAsync()); // done today after 20:00

        clock.Advance(TimeSpan.FromHours(22)); // next day 19:20: not yet
        Assert.Equal(0, await RunAsync());
        clock.Advance(TimeSpan.FromHours(1)); // 20:20: the daily sync
        Assert.Equal(1, await RunAsync());
        Assert.Equal(AtHocMappingSync.Scheduled, (await StateAsync()).LastType);
    }
}
