using BridgePortal.Connectors;
using BridgePortal.Connectors.AtHoc;
using BridgePortal.Connectors.CsvDrop;
using BridgePortal.Data.Model;
using BridgePortal.Identity;
using BridgePortal.Engine.Jobs;
using BridgePortal.Tests.Infrastructure;
using BridgePortal.Bridges;

namespace BridgePortal.Tests.Connectors.AtHoc;

/// <summary>A CSV drop → AtHoc bridge created through the app's services, with its drop folder.</summary>
public sealed record AtHocBridge(Guid Id, string Key, Guid ConnectionId, Actor Owner, string Folder);

public static class AtHocBridges
{
    /// <summary>A fake AtHoc holding the two users the duty-status CSVs name: u1@example.org (collar number E1) and u2@example.org (E2).</summary>
    public static async Task<FakeAtHoc> FakeWithTwoUsersAsync()
    {
        var athoc = await FakeAtHoc.StartAsync();
        athoc.AddUser("u1@example.org", new Dictionary<string, string> { ["Collar-Number"] = "E1" });
        athoc.AddUser("u2@example.org", new Dictionary<string, string> { ["Collar-Number"] = "E2" });
        return athoc;
    }

    /// <summary>
    /// Host settings: a fresh CSV drop root in the temp directory. The folder watcher is off unless asked for: these
    /// tests run the poll themselves, and a watcher's poll racing theirs would move files before its log is saved.
    /// </summary>
    public static Dictionary<string, string?> DropRoot(bool watch = false) => new()
    {
        ["CsvDrop:Root"] = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "bridgeportal-tests", "drop-" + Guid.NewGuid().ToString("N"))).FullName,
        ["CsvDrop:Watch"] = watch ? "true" : "false",
    };

    public static async Task<Guid> ConnectionAsync(PortalHost host, Actor owner, FakeAtHoc athoc, Dictionary<string, string>? settings = null)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var values = new Dictionary<string, string>
        {
            [AtHocSettings.ServerUrl] = athoc.BaseAddress.ToString(),
            [AtHocSettings.OrgCode] = athoc.OrgCode,
            [AtHocSettings.ClientId] = athoc.ClientId,
            [AtHocSettings.Username] = athoc.Username,
        };
        foreach (var (k, v) in settings ?? [])
        {
            values[k] = v;
        }

        var (id, errors) = await scope.ServiceProvider.GetRequiredService<ConnectionService>().SaveAsync(owner, null, new ConnectionDraft(
            AtHocConnectionKind.Kind, $"athoc-{Guid.NewGuid():N}", values,
            new() { [AtHocSettings.ClientSecret] = athoc.ClientSecret, [AtHocSettings.Password] = athoc.Password }), CancellationToken.None);
        Assert.True(id is not null, string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")));
        return id.Value;
    }

    /// <summary>CSV drop → AtHoc, the mapping table synced once; started unless told not to.</summary>
    public static async Task<AtHocBridge> CreateAsync(
        PortalHost host, FakeAtHoc athoc, bool start = true, int maxRetries = 3, Dictionary<string, string>? sinkSettings = null, Dictionary<string, string>? connectionSettings = null, Actor? owner = null,
        Dictionary<string, string>? sourceSettings = null)
    {
        owner ??= await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        var connectionId = await ConnectionAsync(host, owner, athoc, connectionSettings);
        await using var scope = host.Services.CreateAsyncScope();
        var sync = await scope.ServiceProvider.GetRequiredService<AtHocMappingSync>().SyncAsync(connectionId, AtHocMappingSync.Manual, CancellationToken.None);
        Assert.Equal(AtHocSyncStatus.Succeeded, sync.LastStatus);
        var bridges = scope.ServiceProvider.GetRequiredService<BridgeService>();
        var source = new Dictionary<string, string> { [CsvDropSettings.SettleSeconds] = "0" };
        foreach (var (k, v) in sourceSettings ?? [])
        {
            source[k] = v;
        }

        var (bridge, _, errors) = await bridges.CreateAsync(owner, new BridgeDraft(
            $"duty-{Guid.NewGuid():N}", CsvDropSource.SourceKind, null, source,
            AtHocSink.SinkKind, connectionId, sinkSettings ?? [], null, maxRetries), CancellationToken.None);
        Assert.True(bridge is not null, string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")));
        if (start)
        {
            await bridges.SetStateAsync(owner, bridge.Id, BridgeState.Running, CancellationToken.None);
        }

        var folder = scope.ServiceProvider.GetRequiredService<CsvDropFolder>().Resolve(bridge);
        return new AtHocBridge(bridge.Id, bridge.Key, connectionId, owner, folder);
    }

    /// <summary>Runs the bridge's poll job (as Hangfire would) until <paramref name="condition"/> holds.</summary>
    public static async Task PollUntilAsync(PortalHost host, Guid bridgeId, Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            await host.Services.GetRequiredService<PollBridgeJob>().RunAsync(bridgeId, CancellationToken.None);
            if (await condition())
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting until {what}");
            }

            await Task.Delay(100);
        }
    }

    public static Task<List<CsvDropLogEntry>> LogAsync(PortalHost host, Guid bridgeId) =>
        host.DbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.Set<CsvDropLogEntry>().Where(l => l.BridgeId == bridgeId).OrderBy(l => l.Batch).ThenBy(l => l.FileName)));

    public static string[] CsvFiles(string folder) => [.. Directory.GetFiles(folder, "*.csv").Select(Path.GetFileName).Order()!];

    public static string[] Processed(string folder) =>
        Directory.Exists(Path.Combine(folder, CsvDropFolder.ProcessedFolder)) ? [.. Directory.GetFiles(Path.Combine(folder, CsvDropFolder.ProcessedFolder)).Select(Path.GetFileName).Order()!] : [];

    /// <summary>Writes a CSV file with a settled modification time.</summary>
    /// <summary>Writes a complete file the way a well-behaved producer does: under another name, then renamed into place.</summary>
    public static void Write(string folder, string name, params string[] lines)
    {
        var path = Path.Combine(folder, name);
        var temp = path + ".part";
        File.WriteAllLines(temp, lines);
        File.SetLastWriteTimeUtc(temp, DateTime.UtcNow.AddSeconds(-5));
        File.Move(temp, path, overwrite: true);
    }

    public static async Task StartAsync(PortalHost host, AtHocBridge bridge)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<BridgeService>().SetStateAsync(bridge.Owner, bridge.Id, BridgeState.Running, CancellationToken.None);
    }
}
