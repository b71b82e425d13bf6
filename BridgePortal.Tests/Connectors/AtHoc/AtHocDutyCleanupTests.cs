using System.Globalization;
using System.Text.Json.Nodes;
using BridgePortal.Connectors.AtHoc;
using BridgePortal.Data.Model;
using BridgePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Tests.Connectors.AtHoc;

/// <summary>The auto clean-up: users still on duty N hours after their on-duty timestamp get their duty field emptied, once.</summary>
public sealed class AtHocDutyCleanupTests
{
    private const string Header = "Employee_ID,Status,Timestamp";

    // Local time, as the files are written; one instant per test, so the same "hours ago" always reads the same.
    private readonly DateTime now = DateTime.Now;

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task Only_users_still_on_duty_past_the_limit_are_cleared_with_nothing_but_the_duty_field_and_only_once(StorageKind storage)
    {
        await using var athoc = await StartAtHocAsync();
        await using var host = await PortalHost.StartAsync(storage, AtHocBridges.DropRoot());
        var bridge = await AtHocBridges.CreateAsync(host, athoc, sinkSettings: new() { [AtHocSettings.CleanupHours] = "12" });

        // A and B on duty 30 h ago, C 2 h ago; a later file takes B off duty.
        AtHocBridges.Write(bridge.Folder, "morning.csv", Header, $"E1,ON,{Ago(30)}", $"E2,ON,{Ago(30)}", $"E3,ON,{Ago(2)}");
        await AtHocBridges.PollUntilAsync(host, bridge.Id, async () => AtHocBridges.CsvFiles(bridge.Folder).Length == 0, "the first file is processed");
        AtHocBridges.Write(bridge.Folder, "evening.csv", Header, $"E2,OFF,{Ago(20)}");
        await AtHocBridges.PollUntilAsync(host, bridge.Id, async () => AtHocBridges.CsvFiles(bridge.Folder).Length == 0, "the second file is processed");
        await Eventually.UntilAsync(async () => await host.DbAsync(db => db.Set<AtHocDutyState>().CountAsync(s => s.BridgeId == bridge.Id && s.Username == "u2@example.org" && !s.OnDuty)) == 1,
            "B's off-duty write is recorded");
        var before = athoc.SyncBodies.Count;

        await RunCleanupAsync(host);

        await Eventually.UntilAsync(async () => (await host.RecordsAsync(bridge.Id)).Any(r => r.Module == AtHocDutyCleanup.Module && r.Status == RecordStatus.Delivered), "the clear is delivered");
        var clear = Assert.Single(await host.RecordsAsync(bridge.Id), r => r.Module == AtHocDutyCleanup.Module);
        Assert.Equal($"cleanup:u1@example.org:{Iso(30)}#1", clear.NaturalId);
        var sent = athoc.SyncBodies.Skip(before).ToList();
        var body = Assert.Single(sent);
        var user = Assert.Single(JsonNode.Parse(body)!.AsArray())!.AsObject();
        Assert.Equal(["LOGIN_ID", "On-Duty-DTG"], user.Select(p => p.Key).ToArray());
        Assert.Equal(("u1@example.org", ""), (user["LOGIN_ID"]!.GetValue<string>(), user["On-Duty-DTG"]!.GetValue<string>()));
        Assert.Equal("", athoc.User("u1@example.org")!["On-Duty-DTG"]);
        Assert.Equal("", athoc.User("u2@example.org")!["On-Duty-DTG"]);
        Assert.Equal(Ago(2), athoc.User("u3@example.org")!["On-Duty-DTG"]);
        Assert.Equal("true", athoc.User("u1@example.org")!["ENABLED"]);
        await Eventually.UntilAsync(async () => (await StateAsync(host, bridge.Id, "u1@example.org")).ClearedAt is not null, "the clear is recorded");

        // Again: nothing new is queued or sent.
        Assert.Equal(0, await RunCleanupAsync(host));
        await Task.Delay(1500);
        Assert.Equal(before + 1, athoc.SyncBodies.Count);
        Assert.Single(await host.RecordsAsync(bridge.Id), r => r.Module == AtHocDutyCleanup.Module);

        var summary = await SummaryAsync(host, bridge);
        Assert.Equal((12, 1, 1, 0), (summary.Hours, summary.Queued, summary.Cleared, summary.Failed));
        Assert.Equal(["u1@example.org"], summary.Users);
        var audit = await host.DbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.BridgeId == bridge.Id && a.Action == "athoc.cleanup").ToListAsync());
        Assert.Contains("u1@example.org (on duty since", Assert.Single(audit).Detail);

        // A new on-duty write of A is a new write: it is cleared again once it is old enough.
        AtHocBridges.Write(bridge.Folder, "night.csv", Header, $"E1,ON,{Ago(13)}");
        await AtHocBridges.PollUntilAsync(host, bridge.Id, async () => AtHocBridges.CsvFiles(bridge.Folder).Length == 0, "the third file is processed");
        await Eventually.UntilAsync(async () => (await StateAsync(host, bridge.Id, "u1@example.org")).ClearedAt is null, "A's new write is recorded");
        await RunCleanupAsync(host);
        await Eventually.UntilAsync(async () => (await StateAsync(host, bridge.Id, "u1@example.org")).ClearedAt is not null, "A is cleared again");
        Assert.Equal("", athoc.User("u1@example.org")!["On-Duty-DTG"]);
        Assert.Equal([$"cleanup:u1@example.org:{Iso(30)}#1", $"cleanup:u1@example.org:{Iso(13)}#2"],
            (await host.RecordsAsync(bridge.Id)).Where(r => r.Module == AtHocDutyCleanup.Module).Select(r => r.NaturalId).ToArray());
        AssertOnlyAllowed(athoc, "LOGIN_ID", "On-Duty-DTG");
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_clear_AtHoc_fails_stays_pending_is_not_queued_twice_and_succeeds_on_a_retry(StorageKind storage)
    {
        await using var athoc = await StartAtHocAsync();
        await using var host = await PortalHost.StartAsync(storage, AtHocBridges.DropRoot());
        var bridge = await AtHocBridges.CreateAsync(host, athoc, sinkSettings: new() { [AtHocSettings.CleanupHours] = "12" });
        AtHocBridges.Write(bridge.Folder, "a.csv", Header, $"E1,ON,{Ago(48)}");
        await AtHocBridges.PollUntilAsync(host, bridge.Id, async () => AtHocBridges.CsvFiles(bridge.Folder).Length == 0, "the file is processed");
        await Eventually.UntilAsync(async () => await host.DbAsync(db => db.Set<AtHocDutyState>().AnyAsync(s => s.BridgeId == bridge.Id)), "A's write is recorded");

        athoc.FailSync = true;
        var before = athoc.SyncBodies.Count;
        await RunCleanupAsync(host);
        await Eventually.UntilAsync(async () => (await host.RecordsAsync(bridge.Id)).Any(r => r.Module == AtHocDutyCleanup.Module && r.Attempts == 1), "the clear was tried once");
        var pending = Assert.Single(await host.RecordsAsync(bridge.Id), r => r.Module == AtHocDutyCleanup.Module);
        Assert.Equal(RecordStatus.Pending, pending.Status);
        Assert.Contains("503", pending.LastError);
        Assert.Equal(Ago(48), athoc.User("u1@example.org")!["On-Duty-DTG"]);
        Assert.Null((await StateAsync(host, bridge.Id, "u1@example.org")).ClearedAt);
        Assert.Equal(0, await RunCleanupAsync(host));
        Assert.Single(await host.RecordsAsync(bridge.Id), r => r.Module == AtHocDutyCleanup.Module);
        var waiting = await SummaryAsync(host, bridge);
        Assert.Equal((1, 0), (waiting.Queued, waiting.Cleared));

        athoc.FailSync = false;
        await host.UntilStatusAsync(bridge.Id, pending.NaturalId, RecordStatus.Delivered);
        Assert.Equal("", athoc.User("u1@example.org")!["On-Duty-DTG"]);
        await Eventually.UntilAsync(async () => (await StateAsync(host, bridge.Id, "u1@example.org")).ClearedAt is not null, "the clear is recorded");
        Assert.All(athoc.SyncBodies.Skip(before), b => Assert.Equal("[{\"LOGIN_ID\":\"u1@example.org\",\"On-Duty-DTG\":\"\"}]", b));
        Assert.Equal(0, await RunCleanupAsync(host));
    }

    [SkippableFact]
    public async Task With_the_setting_off_or_invalid_nothing_is_cleared()
    {
        await using var athoc = await StartAtHocAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite, AtHocBridges.DropRoot());
        var off = await AtHocBridges.CreateAsync(host, athoc);
        var zero = await AtHocBridges.CreateAsync(host, athoc, sinkSettings: new() { [AtHocSettings.CleanupHours] = "0" });
        var refused = await Assert.ThrowsAsync<Xunit.Sdk.TrueException>(() =>
            AtHocBridges.CreateAsync(host, athoc, sinkSettings: new() { [AtHocSettings.CleanupHours] = "twelve" }));
        Assert.Contains("CleanupHours: Clear on-duty status after: 'twelve' is not a number of hours", refused.Message);

        // A bridge saved before the check existed (or edited in the database) keeps the clean-up off and says why.
        var bad = await AtHocBridges.CreateAsync(host, athoc, sinkSettings: new() { [AtHocSettings.CleanupHours] = "12" });
        await host.DbAsync(db => db.Bridges.Where(b => b.Id == bad.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(b => b.SinkSettingsJson, b => b.SinkSettingsJson.Replace("\"12\"", "\"twelve\""))));
        foreach (var bridge in new[] { off, zero, bad })
        {
            AtHocBridges.Write(bridge.Folder, "a.csv", Header, $"E1,ON,{Ago(100)}");
            await AtHocBridges.PollUntilAsync(host, bridge.Id, async () => AtHocBridges.CsvFiles(bridge.Folder).Length == 0, "the file is processed");
        }

        await Eventually.UntilAsync(async () => await host.DbAsync(db => db.Set<AtHocDutyState>().CountAsync()) == 3, "the writes are recorded");
        var before = athoc.SyncBodies.Count;
        Assert.Equal(0, await RunCleanupAsync(host));
        await Task.Delay(1000);
        Assert.Equal(before, athoc.SyncBodies.Count);
        Assert.Equal(Ago(100), athoc.User("u1@example.org")!["On-Duty-DTG"]);
        Assert.Null((await SummaryAsync(host, off)).Hours);
        Assert.Contains("'twelve' is not a number of hours", (await SummaryAsync(host, bad)).SettingError);
    }

    [SkippableFact]
    public async Task A_clean_up_clear_goes_through_the_allow_list_and_never_touches_the_off_duty_field_or_account_state()
    {
        await using var athoc = await StartAtHocAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite, AtHocBridges.DropRoot());
        var bridge = await AtHocBridges.CreateAsync(host, athoc,
            sinkSettings: new() { [AtHocSettings.CleanupHours] = "8", [AtHocSink.OffDutyField] = "Off-Duty-DTG" },
            connectionSettings: new() { [AtHocSettings.DutyFields] = "On-Duty-DTG,Off-Duty-DTG" });
        AtHocBridges.Write(bridge.Folder, "a.csv", Header, $"E1,ON,{Ago(9)}", $"E2,OFF,{Ago(9)}");
        await AtHocBridges.PollUntilAsync(host, bridge.Id, async () => AtHocBridges.CsvFiles(bridge.Folder).Length == 0, "the file is processed");
        await Eventually.UntilAsync(async () => await host.DbAsync(db => db.Set<AtHocDutyState>().CountAsync()) == 2, "the writes are recorded");
        var before = athoc.SyncBodies.Count;

        await RunCleanupAsync(host);
        await Eventually.UntilAsync(async () => (await StateAsync(host, bridge.Id, "u1@example.org")).ClearedAt is not null, "A is cleared");
        Assert.Equal("[{\"LOGIN_ID\":\"u1@example.org\",\"On-Duty-DTG\":\"\"}]", Assert.Single(athoc.SyncBodies.Skip(before)));
        Assert.Equal("", athoc.User("u1@example.org")!["Off-Duty-DTG"]);
        Assert.Equal(Ago(9), athoc.User("u2@example.org")!["Off-Duty-DTG"]);
        AssertOnlyAllowed(athoc, "LOGIN_ID", "On-Duty-DTG", "Off-Duty-DTG");

        // A connection whose duty field was later set to an account-state attribute: the clear fails, nothing is sent.
        await host.DbAsync(async db =>
        {
            var state = await db.Set<AtHocDutyState>().SingleAsync(s => s.Username == "u1@example.org");
            (state.ClearedAt, state.ClearQueuedAt, state.Writes) = (null, null, state.Writes + 1);
            var connection = await db.Connections.SingleAsync(c => c.Id == bridge.ConnectionId);
            connection.SettingsJson = connection.SettingsJson.Replace("On-Duty-DTG,Off-Duty-DTG", "DISABLED", StringComparison.Ordinal);
            return await db.SaveChangesAsync();
        });
        var sentBefore = athoc.SyncBodies.Count;
        await RunCleanupAsync(host);
        await Eventually.UntilAsync(async () => (await host.RecordsAsync(bridge.Id)).Any(r => r.Module == AtHocDutyCleanup.Module && r.Status == RecordStatus.Failed), "the clear fails");
        Assert.Contains("account-state attribute", (await host.RecordsAsync(bridge.Id)).Single(r => r.Status == RecordStatus.Failed).LastError);
        Assert.Equal(sentBefore, athoc.SyncBodies.Count);
        Assert.Equal(1, (await SummaryAsync(host, bridge)).Failed);
    }

    [SkippableFact]
    public async Task A_queued_clear_whose_user_had_a_newer_confirmed_write_meanwhile_sends_nothing()
    {
        await using var athoc = await StartAtHocAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite, AtHocBridges.DropRoot());
        var bridge = await AtHocBridges.CreateAsync(host, athoc, sinkSettings: new() { [AtHocSettings.CleanupHours] = "12" });
        AtHocBridges.Write(bridge.Folder, "a.csv", Header, $"E1,ON,{Ago(20)}");
        await AtHocBridges.PollUntilAsync(host, bridge.Id, async () => AtHocBridges.CsvFiles(bridge.Folder).Length == 0, "the file is processed");
        await Eventually.UntilAsync(async () => await host.DbAsync(db => db.Set<AtHocDutyState>().AnyAsync()), "the write is recorded");

        // Queued while the bridge is stopped; then a newer on-duty write of the user is confirmed before the clear goes out.
        await host.DbAsync(db => db.Bridges.Where(b => b.Id == bridge.Id).ExecuteUpdateAsync(u => u.SetProperty(b => b.State, BridgeState.Stopped)));
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var stopped = await scope.ServiceProvider.GetRequiredService<BridgePortal.Data.BridgeDbContext>().Bridges.AsNoTracking().SingleAsync(b => b.Id == bridge.Id);
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<AtHocDutyCleanup>().RunAsync(stopped, 12, CancellationToken.None));
        }

        await host.DbAsync(db => db.Set<AtHocDutyState>().Where(s => s.BridgeId == bridge.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Writes, s => s.Writes + 1).SetProperty(s => s.ClearQueuedAt, (DateTime?)null)));
        var before = athoc.SyncBodies.Count;
        await AtHocBridges.StartAsync(host, bridge);

        var clear = (await host.RecordsAsync(bridge.Id)).Single(r => r.Module == AtHocDutyCleanup.Module);
        await host.UntilStatusAsync(bridge.Id, clear.NaturalId, RecordStatus.Delivered);
        await Task.Delay(500);
        Assert.Equal(before, athoc.SyncBodies.Count);
        Assert.Equal(Ago(20), athoc.User("u1@example.org")!["On-Duty-DTG"]);
        Assert.Null((await StateAsync(host, bridge.Id, "u1@example.org")).ClearedAt);
    }

    [SkippableFact]
    public async Task A_clear_delivered_before_its_run_recorded_it_still_shows_as_queued_and_cleared_by_that_run()
    {
        await using var athoc = await StartAtHocAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite, AtHocBridges.DropRoot());
        var bridge = await AtHocBridges.CreateAsync(host, athoc, sinkSettings: new() { [AtHocSettings.CleanupHours] = "12" });
        AtHocBridges.Write(bridge.Folder, "a.csv", Header, $"E1,ON,{Ago(20)}");
        await AtHocBridges.PollUntilAsync(host, bridge.Id, async () => AtHocBridges.CsvFiles(bridge.Folder).Length == 0, "the file is processed");
        await Eventually.UntilAsync(async () => await host.DbAsync(db => db.Set<AtHocDutyState>().AnyAsync()), "the write is recorded");
        await host.DbAsync(db => db.Bridges.Where(b => b.Id == bridge.Id).ExecuteUpdateAsync(u => u.SetProperty(b => b.State, BridgeState.Stopped)));
        Assert.Equal(1, await RunStoppedAsync(host, bridge.Id));

        // The engine delivered the clear between the intake and the run's own bookkeeping (or the run stopped there).
        var deliveredAt = DateTime.UtcNow;
        await host.DbAsync(db => db.Records.Where(r => r.BridgeId == bridge.Id && r.Module == AtHocDutyCleanup.Module)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, RecordStatus.Delivered).SetProperty(r => r.DeliveredAt, deliveredAt)));
        await host.DbAsync(db => db.Set<AtHocDutyState>().Where(s => s.BridgeId == bridge.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.ClearQueuedAt, (DateTime?)null)));

        Assert.Equal(1, await RunStoppedAsync(host, bridge.Id));
        var summary = await SummaryAsync(host, bridge);
        Assert.Equal((1, 1, 0), (summary.Queued, summary.Cleared, summary.Failed));
        Assert.NotNull((await StateAsync(host, bridge.Id, "u1@example.org")).ClearedAt);
        Assert.Equal(0, await RunStoppedAsync(host, bridge.Id));
    }

    private string Ago(int hours) => now.AddHours(-hours).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture);

    private string Iso(int hours) =>
        DateTime.ParseExact(Ago(hours), "dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);

    private static async Task<int> RunStoppedAsync(PortalHost host, Guid bridgeId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var stopped = await scope.ServiceProvider.GetRequiredService<BridgePortal.Data.BridgeDbContext>().Bridges.AsNoTracking().SingleAsync(b => b.Id == bridgeId);
        return await scope.ServiceProvider.GetRequiredService<AtHocDutyCleanup>().RunAsync(stopped, 12, CancellationToken.None);
    }

    private static async Task<int> RunCleanupAsync(PortalHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AtHocDutyCleanupJob>().RunAsync(CancellationToken.None);
    }

    private static Task<AtHocDutyState> StateAsync(PortalHost host, Guid bridgeId, string username) =>
        host.DbAsync(db => db.Set<AtHocDutyState>().AsNoTracking().SingleAsync(s => s.BridgeId == bridgeId && s.Username == username));

    private static async Task<AtHocCleanupSummary> SummaryAsync(PortalHost host, AtHocBridge bridge)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AtHocDutyCleanup>().SummaryAsync(bridge.Owner, bridge.Id, CancellationToken.None);
    }

    private static void AssertOnlyAllowed(FakeAtHoc athoc, params string[] allowed) =>
        Assert.All(athoc.SyncedUsers, u => Assert.All(u.Select(p => p.Key), key => Assert.Contains(key, allowed)));

    private static async Task<FakeAtHoc> StartAtHocAsync()
    {
        var athoc = await AtHocBridges.FakeWithTwoUsersAsync();
        athoc.AddUser("u3@example.org", new Dictionary<string, string> { ["Collar-Number"] = "E3" });
        return athoc;
    }
}
