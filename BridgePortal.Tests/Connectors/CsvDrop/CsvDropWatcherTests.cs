using System.Diagnostics;
using BridgePortal.Connectors.CsvDrop;
using BridgePortal.Tests.Connectors.AtHoc;
using BridgePortal.Tests.Infrastructure;
using Xunit.Abstractions;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Tests.Connectors.CsvDrop;

/// <summary>The folder watcher: a file dropped into a running bridge's folder is processed in seconds, not at the next scheduled poll.</summary>
public sealed class CsvDropWatcherTests(ITestOutputHelper output)
{
    private const string Header = "Employee_ID,Status,Timestamp";

    [SkippableFact]
    public async Task A_dropped_file_is_processed_within_seconds_and_a_half_written_one_only_once_it_is_complete()
    {
        await using var athoc = await AtHocBridges.FakeWithTwoUsersAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite, AtHocBridges.DropRoot(watch: true));
        var bridge = await AtHocBridges.CreateAsync(host, athoc, sourceSettings: new() { [PollSettings.IntervalMinutes] = "1440" });
        var watcher = host.Services.GetRequiredService<CsvDropWatcher>();
        await Eventually.UntilAsync(async () => watcher.IsWatching(bridge.Id), "the folder is watched", TimeSpan.FromSeconds(30));

        var clock = Stopwatch.StartNew();
        AtHocBridges.Write(bridge.Folder, "drop.csv", Header, "E1,ON,01/06/2024 08:00:00");
        await Eventually.UntilAsync(async () => AtHocBridges.CsvFiles(bridge.Folder).Length == 0, "the dropped file is processed", TimeSpan.FromSeconds(45));
        output.WriteLine($"dropped file processed and moved after {clock.ElapsedMilliseconds} ms");
        Assert.Equal("01/06/2024 08:00:00", athoc.User("u1@example.org")!["On-Duty-DTG"]);
        Assert.Single(AtHocBridges.Processed(bridge.Folder));

        // A file still being written (its writer holds it open) is left alone; once complete, its last change wakes the poll.
        var path = Path.Combine(bridge.Folder, "slow.csv");
        var writer = new StreamWriter(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read));
        await writer.WriteLineAsync(Header);
        await writer.WriteAsync("E2,ON,01/06/20");
        await writer.FlushAsync();
        await Task.Delay(3000);
        Assert.Equal(["slow.csv"], AtHocBridges.CsvFiles(bridge.Folder));
        Assert.Null(athoc.User("u2@example.org")!.GetValueOrDefault("On-Duty-DTG"));

        clock.Restart();
        await writer.WriteLineAsync("24 09:00:00");
        await writer.DisposeAsync();
        await Eventually.UntilAsync(async () => AtHocBridges.CsvFiles(bridge.Folder).Length == 0, "the completed file is processed", TimeSpan.FromSeconds(45));
        output.WriteLine($"completed file processed and moved after {clock.ElapsedMilliseconds} ms");
        Assert.Equal("01/06/2024 09:00:00", athoc.User("u2@example.org")!["On-Duty-DTG"]);
        // The file moves just before its log row is saved.
        await Eventually.UntilAsync(async () => (await AtHocBridges.LogAsync(host, bridge.Id)).All(l => l.Outcome == CsvDropOutcome.Processed), "the log says processed");
        var log = await AtHocBridges.LogAsync(host, bridge.Id);
        Assert.Equal([("drop.csv", CsvDropOutcome.Processed), ("slow.csv", CsvDropOutcome.Processed)], log.Select(l => (l.FileName, l.Outcome)).ToArray());
        Assert.Equal(1, log.Single(l => l.FileName == "slow.csv").Entries);
    }

    [SkippableFact]
    public async Task With_watching_off_a_dropped_file_waits_for_the_scheduled_poll()
    {
        await using var athoc = await FakeAtHoc.StartAsync();
        athoc.AddUser("u1@example.org", new Dictionary<string, string> { ["Collar-Number"] = "E1" });
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite, AtHocBridges.DropRoot(watch: false));
        var bridge = await AtHocBridges.CreateAsync(host, athoc, sourceSettings: new() { [PollSettings.IntervalMinutes] = "1440" });
        await Task.Delay(6000); // longer than the watcher's refresh
        Assert.False(host.Services.GetRequiredService<CsvDropWatcher>().IsWatching(bridge.Id));
        AtHocBridges.Write(bridge.Folder, "drop.csv", Header, "E1,ON,01/06/2024 08:00:00");
        await Task.Delay(4000);
        Assert.Equal(["drop.csv"], AtHocBridges.CsvFiles(bridge.Folder));
    }
}
