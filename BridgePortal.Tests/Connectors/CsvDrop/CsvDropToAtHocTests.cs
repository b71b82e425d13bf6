using BridgePortal.Connectors.CsvDrop;
using BridgePortal.Data.Model;
using BridgePortal.Tests.Connectors.AtHoc;
using BridgePortal.Tests.Infrastructure;

namespace BridgePortal.Tests.Connectors.CsvDrop;

public sealed class CsvDropToAtHocTests
{
    private const string Header = "Employee_ID,Status,Timestamp";

    private static readonly string[] Allowed = ["LOGIN_ID", "On-Duty-DTG"];

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task Three_files_with_overlapping_employees_become_one_batch_where_the_latest_timestamp_wins_and_move_after_AtHoc_confirms(StorageKind storage)
    {
        await using var athoc = await StartAtHocAsync();
        await using var host = await PortalHost.StartAsync(storage, AtHocBridges.DropRoot());
        var bridge = await AtHocBridges.CreateAsync(host, athoc, start: false);
        AtHocBridges.Write(bridge.Folder, "a.csv", Header, "E1,ON,01/06/2024 08:00:00", "E2,ON,01/06/2024 08:00:00", "E3,ON,01/06/2024 08:30:00");
        AtHocBridges.Write(bridge.Folder, "b.csv", Header, "E1,OFF,01/06/2024 17:00:00", "E2,OFF,01/06/2024 07:00:00");
        AtHocBridges.Write(bridge.Folder, "c.csv", Header, "E3,OFF,01/06/2024 18:00:00", "E1,ON,01/06/2024 12:00:00");
        await AtHocBridges.StartAsync(host, bridge); // the three files are there before the first poll: one batch

        await AtHocBridges.PollUntilAsync(host, bridge.Id, async () => AtHocBridges.CsvFiles(bridge.Folder).Length == 0, "the files are moved");

        Assert.Single(athoc.SyncBodies);
        Assert.Equal(3, athoc.SyncedUsers.Count);
        Assert.Equal("", athoc.User("u1@example.org")!["On-Duty-DTG"]);
        Assert.Equal("01/06/2024 08:00:00", athoc.User("u2@example.org")!["On-Duty-DTG"]);
        Assert.Equal("", athoc.User("u3@example.org")!["On-Duty-DTG"]);
        AssertOnlyDutyFields(athoc);

        var records = await host.RecordsAsync(bridge.Id);
        Assert.Equal(["E1@2024-06-01T17:00:00", "E2@2024-06-01T08:00:00", "E3@2024-06-01T18:00:00"], records.Select(r => r.NaturalId).Order().ToArray());
        Assert.All(records, r => Assert.Equal((RecordStatus.Delivered, "csv-batch-1"), (r.Status, r.Module)));

        var processed = AtHocBridges.Processed(bridge.Folder);
        Assert.Equal(3, processed.Length);
        Assert.All(new[] { "a.", "b.", "c." }, p => Assert.Contains(processed, f => f.StartsWith(p, StringComparison.Ordinal) && f.EndsWith(".csv", StringComparison.Ordinal)));
        var log = await AtHocBridges.LogAsync(host, bridge.Id);
        Assert.Equal([("a.csv", 3, 3, 0), ("b.csv", 2, 2, 0), ("c.csv", 2, 2, 0)], log.Select(l => (l.FileName, l.Entries, l.Successes, l.Errors)).ToArray());
        Assert.All(log, l => Assert.Equal(CsvDropOutcome.Processed, l.Outcome));
        Assert.All(log, l => Assert.NotNull(l.ProcessedAt));

        // A file of the same name later never overwrites the processed one.
        AtHocBridges.Write(bridge.Folder, "a.csv", Header, "E2,OFF,02/06/2024 08:00:00");
        await AtHocBridges.PollUntilAsync(host, bridge.Id, async () => AtHocBridges.CsvFiles(bridge.Folder).Length == 0, "the second a.csv is moved");
        Assert.Equal(4, AtHocBridges.Processed(bridge.Folder).Length);
        Assert.Equal("", athoc.User("u2@example.org")!["On-Duty-DTG"]);
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task When_AtHoc_fails_every_file_stays_and_the_next_run_sends_again_and_moves_them(StorageKind storage)
    {
        await using var athoc = await StartAtHocAsync();
        await using var host = await PortalHost.StartAsync(storage, AtHocBridges.DropRoot());
        var bridge = await AtHocBridges.CreateAsync(host, athoc, start: false, maxRetries: 0);
        athoc.FailSync = true;
        AtHocBridges.Write(bridge.Folder, "morning.csv", Header, "E1,ON,01/06/2024 08:00:00", "E2,ON,01/06/2024 08:00:00");
        AtHocBridges.Write(bridge.Folder, "noon.csv", Header, "E3,ON,01/06/2024 12:00:00");
        await AtHocBridges.StartAsync(host, bridge);

        await AtHocBridges.PollUntilAsync(host, bridge.Id,
            async () => (await AtHocBridges.LogAsync(host, bridge.Id)).Any(l => l.Outcome == CsvDropOutcome.Kept), "the failed batch is closed");
        Assert.Equal(["morning.csv", "noon.csv"], AtHocBridges.CsvFiles(bridge.Folder));
        Assert.Empty(AtHocBridges.Processed(bridge.Folder));
        Assert.Equal(3, (await host.RecordsAsync(bridge.Id)).Count);
        Assert.Equal([("morning.csv", CsvDropOutcome.Kept), ("noon.csv", CsvDropOutcome.Kept)],
            (await AtHocBridges.LogAsync(host, bridge.Id)).Where(l => l.Batch == 1).Select(l => (l.FileName, l.Outcome)).ToArray());
        Assert.Null(athoc.User("u1@example.org")!.GetValueOrDefault("On-Duty-DTG"));

        athoc.FailSync = false;
        await AtHocBridges.PollUntilAsync(host, bridge.Id, async () => AtHocBridges.CsvFiles(bridge.Folder).Length == 0, "the files are moved after AtHoc recovers");
        Assert.Equal(2, AtHocBridges.Processed(bridge.Folder).Length);
        var records = await host.RecordsAsync(bridge.Id);
        Assert.Equal(3, records.Count);
        // Background polls may have re-sent the kept files while AtHoc still failed; the batch that succeeded is a later one.
        Assert.All(records, r => Assert.Equal(RecordStatus.Delivered, r.Status));
        Assert.NotEqual("csv-batch-1", Assert.Single(records.Select(r => r.Module).Distinct()));
        Assert.Equal("01/06/2024 12:00:00", athoc.User("u3@example.org")!["On-Duty-DTG"]);
        Assert.Equal(["morning.csv", "noon.csv"], (await AtHocBridges.LogAsync(host, bridge.Id)).Where(l => l.Outcome == CsvDropOutcome.Processed).Select(l => l.FileName).ToArray());
        AssertOnlyDutyFields(athoc);
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task Malformed_rows_unmapped_employees_and_unreadable_files_are_reported_while_the_rest_syncs(StorageKind storage)
    {
        await using var athoc = await StartAtHocAsync();
        await using var host = await PortalHost.StartAsync(storage, AtHocBridges.DropRoot());
        var bridge = await AtHocBridges.CreateAsync(host, athoc);
        AtHocBridges.Write(bridge.Folder, "roster.csv", Header,
            "E1,ON,01/06/2024 08:00:00",
            "E2,MAYBE,01/06/2024 08:00:00",
            "E3,ON,yesterday",
            "E9,ON,01/06/2024 08:00:00",
            ",ON,01/06/2024 08:00:00");
        AtHocBridges.Write(bridge.Folder, "wrong.csv", "Name,When", "x,y");

        await AtHocBridges.PollUntilAsync(host, bridge.Id, async () => !File.Exists(Path.Combine(bridge.Folder, "roster.csv")), "the good file is moved");

        Assert.Equal(["wrong.csv"], AtHocBridges.CsvFiles(bridge.Folder));
        Assert.Equal(["u1@example.org"], athoc.SyncedUsers.Select(u => u["LOGIN_ID"]!.GetValue<string>()).ToArray());
        var log = await AtHocBridges.LogAsync(host, bridge.Id);
        var roster = Assert.Single(log, l => l.FileName == "roster.csv");
        Assert.Equal((5, 1, 4, CsvDropOutcome.Processed), (roster.Entries, roster.Successes, roster.Errors, roster.Outcome));
        Assert.Contains("roster.csv line 3: Status 'MAYBE'", roster.Details);
        Assert.Contains("roster.csv line 4: Timestamp 'yesterday'", roster.Details);
        Assert.Contains("roster.csv line 5: employee E9 has no AtHoc mapping", roster.Details);
        Assert.Contains("roster.csv line 6: no Employee_ID", roster.Details);
        Assert.Equal("E9", roster.Unmapped);
        var wrong = Assert.Single(log, l => l.FileName == "wrong.csv");
        Assert.Equal(CsvDropOutcome.Unreadable, wrong.Outcome);
        Assert.Contains("missing column(s) Employee_ID, Status, Timestamp", wrong.Details);

        // The unreadable file is reported once, not at every run.
        await host.Services.GetRequiredService<BridgePortal.Engine.Jobs.PollBridgeJob>().RunAsync(bridge.Id, CancellationToken.None);
        Assert.Single(await AtHocBridges.LogAsync(host, bridge.Id), l => l.FileName == "wrong.csv");
        AssertOnlyDutyFields(athoc);
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_duty_field_configured_as_an_account_state_attribute_sends_nothing(StorageKind storage)
    {
        await using var athoc = await StartAtHocAsync();
        await using var host = await PortalHost.StartAsync(storage, AtHocBridges.DropRoot());
        var bridge = await AtHocBridges.CreateAsync(host, athoc, maxRetries: 0,
            connectionSettings: new() { [BridgePortal.Connectors.AtHoc.AtHocSettings.DutyFields] = "ENABLED" });
        AtHocBridges.Write(bridge.Folder, "a.csv", Header, "E1,OFF,01/06/2024 08:00:00");

        // Issue 17 item 3: a row that fails permanently settles the batch (the file moves) instead of holding it open.
        await AtHocBridges.PollUntilAsync(host, bridge.Id,
            async () => (await AtHocBridges.LogAsync(host, bridge.Id)).Any(l => l.Outcome == CsvDropOutcome.Processed), "the batch settles");

        Assert.Empty(athoc.SyncBodies);
        var record = Assert.Single(await host.RecordsAsync(bridge.Id));
        Assert.Equal(RecordStatus.Failed, record.Status);
        Assert.Contains("account-state attribute", record.LastError);
        Assert.Empty(AtHocBridges.CsvFiles(bridge.Folder));
    }

    private static void AssertOnlyDutyFields(FakeAtHoc athoc) =>
        Assert.All(athoc.SyncedUsers, u => Assert.All(u.Select(p => p.Key), key => Assert.Contains(key, Allowed)));

    private static async Task<FakeAtHoc> StartAtHocAsync()
    {
        var athoc = await AtHocBridges.FakeWithTwoUsersAsync();
        athoc.AddUser("u3@example.org", new Dictionary<string, string> { ["Collar-Number"] = "E3" });
        athoc.AddUser("nobody@example.org");
        return athoc;
    }
}
