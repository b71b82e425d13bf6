using BridgePortal.Connectors.CsvDrop;
using BridgePortal.Data.Model;
using BridgePortal.Tests.Connectors.AtHoc;
using BridgePortal.Tests.Infrastructure;

namespace BridgePortal.Tests.Connectors.CsvDrop;

/// <summary>Issue 17 items 3 and 4: one bad or undeliverable CSV row never holds a batch or a drop folder hostage.</summary>
public sealed class CsvDropBadRowTests
{
    private const string Header = "Employee_ID,Status,Timestamp";

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_row_AtHoc_refuses_is_Failed_with_the_reason_while_the_file_moves_and_the_good_rows_are_sent_once(StorageKind storage)
    {
        await using var athoc = await StartAtHocAsync();
        await using var host = await PortalHost.StartAsync(storage, AtHocBridges.DropRoot());
        var bridge = await AtHocBridges.CreateAsync(host, athoc, start: false);
        athoc.RemoveUser("u3@example.org"); // mapped, but gone from AtHoc: a permanent per-user refusal
        AtHocBridges.Write(bridge.Folder, "shift.csv", Header, "E1,ON,01/06/2024 08:00:00", "E2,ON,01/06/2024 08:00:00", "E3,ON,01/06/2024 08:00:00");
        await AtHocBridges.StartAsync(host, bridge);

        await AtHocBridges.PollUntilAsync(host, bridge.Id, async () => AtHocBridges.CsvFiles(bridge.Folder).Length == 0, "the file is moved");
        for (var i = 0; i < 3; i++)
        {
            await host.Services.GetRequiredService<BridgePortal.Engine.Jobs.PollBridgeJob>().RunAsync(bridge.Id, CancellationToken.None);
        }

        Assert.Single(AtHocBridges.Processed(bridge.Folder));
        Assert.Equal(["u1@example.org", "u2@example.org"], athoc.SyncedUsers.Select(u => u["LOGIN_ID"]!.GetValue<string>()).Where(u => u != "u3@example.org").Order().ToArray());
        Assert.Single(athoc.SyncedUsers, u => u["LOGIN_ID"]!.GetValue<string>() == "u3@example.org");
        var records = await host.RecordsAsync(bridge.Id);
        Assert.Equal(3, records.Count);
        var failed = Assert.Single(records, r => r.Status == RecordStatus.Failed);
        Assert.Equal("E3@2024-06-01T08:00:00", failed.NaturalId);
        Assert.Contains("User not found", failed.LastError);
        var log = Assert.Single(await AtHocBridges.LogAsync(host, bridge.Id));
        Assert.Equal((CsvDropOutcome.Processed, 3, 2, 1), (log.Outcome, log.Entries, log.Successes, log.Errors));
        Assert.Contains("shift.csv line 4: AtHoc did not confirm E3", log.Details);
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_NUL_byte_or_an_over_long_employee_id_is_reported_with_file_and_line_and_the_rest_of_the_folder_flows(StorageKind storage)
    {
        await using var athoc = await StartAtHocAsync();
        await using var host = await PortalHost.StartAsync(storage, AtHocBridges.DropRoot());
        var bridge = await AtHocBridges.CreateAsync(host, athoc, start: false);
        AtHocBridges.Write(bridge.Folder, "a.csv", Header,
            "E1,ON,01/06/2024 08:00:00",
            "E\0X,ON,01/06/2024 08:00:00",
            new string('E', 400) + ",ON,01/06/2024 08:00:00",
            "E2,O\0N,01/06/2024 08:00:00");
        AtHocBridges.Write(bridge.Folder, "b.csv", Header, "E3,ON,01/06/2024 09:00:00");
        await AtHocBridges.StartAsync(host, bridge);

        await AtHocBridges.PollUntilAsync(host, bridge.Id, async () => AtHocBridges.CsvFiles(bridge.Folder).Length == 0, "both files are moved");

        Assert.Equal(["u1@example.org", "u3@example.org"], athoc.SyncedUsers.Select(u => u["LOGIN_ID"]!.GetValue<string>()).Order().ToArray());
        Assert.All(await host.RecordsAsync(bridge.Id), r => Assert.Equal(RecordStatus.Delivered, r.Status));
        var log = await AtHocBridges.LogAsync(host, bridge.Id);
        var a = Assert.Single(log, l => l.FileName == "a.csv");
        Assert.Equal((CsvDropOutcome.Processed, 4, 1, 3), (a.Outcome, a.Entries, a.Successes, a.Errors));
        Assert.Contains("a.csv line 3: Employee_ID holds the control character U+0000 at position 1; the row is skipped", a.Details);
        Assert.Contains($"a.csv line 4: Employee_ID is 400 characters long (at most {CsvDutyParser.MaxEmployeeIdLength}); the row is skipped", a.Details);
        Assert.Contains("a.csv line 5: Status 'O?N' is neither on", a.Details);
        Assert.DoesNotContain('\0', a.Details!);
        Assert.Equal(CsvDropOutcome.Processed, Assert.Single(log, l => l.FileName == "b.csv").Outcome);
    }

    private static async Task<FakeAtHoc> StartAtHocAsync()
    {
        var athoc = await AtHocBridges.FakeWithTwoUsersAsync();
        athoc.AddUser("u3@example.org", new Dictionary<string, string> { ["Collar-Number"] = "E3" });
        return athoc;
    }
}
