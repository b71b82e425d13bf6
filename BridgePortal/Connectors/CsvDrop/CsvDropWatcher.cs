using System.Collections.Concurrent;
using BridgePortal.Data;
using BridgePortal.Data.Model;
using BridgePortal.Engine.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.CsvDrop;

/// <summary>
/// Wakes a running CSV drop bridge's poll soon after a file lands in its folder, instead of at the next scheduled
/// poll: one <see cref="FileSystemWatcher"/> per running bridge (matched every few seconds to the running bridges),
/// debounced by the bridge's settle time, so a burst of files or a file still being written gives one poll once
/// it has settled. The poll itself is the ordinary one (same lock, same complete-file rule: a file still being
/// written is left for a later run, which its next change event wakes). While the batch it sent awaits AtHoc's
/// confirmation the watcher polls again every couple of seconds (at most <see cref="MaxFollowUps"/> times), so the
/// files move promptly. The recurring poll stays the safety net (watchers miss events on network shares);
/// <c>CsvDrop:Watch = false</c> turns the watcher off.
/// </summary>
public sealed class CsvDropWatcher(
    IServiceScopeFactory scopes, CsvDropFolder folders, IOptions<CsvDropOptions> options, TimeProvider clock, ILogger<CsvDropWatcher> logger) : BackgroundService
{
    public const int MaxFollowUps = 60;

    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<Guid, CsvDropFolderWatch> watches = new();
    private CancellationToken stopping;

    internal TimeProvider Clock => clock;

    internal ILogger Logger => logger;

    internal CancellationToken Stopping => stopping;

    /// <summary>Whether <paramref name="bridgeId"/>'s folder is being watched now.</summary>
    public bool IsWatching(Guid bridgeId) => watches.ContainsKey(bridgeId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Watch)
        {
            return;
        }

        stopping = stoppingToken;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await MatchRunningBridgesAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Matching the CSV drop folder watchers to the running bridges failed; retrying shortly");
                }

                await Task.Delay(Refresh, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var id in watches.Keys)
            {
                Stop(id);
            }
        }
    }

    private async Task MatchRunningBridgesAsync(CancellationToken cancellationToken)
    {
        List<Bridge> running;
        await using (var scope = scopes.CreateAsyncScope())
        {
            running = await scope.ServiceProvider.GetRequiredService<BridgeDbContext>().Bridges.AsNoTracking()
                .Where(b => b.State == BridgeState.Running && b.SourceKind == CsvDropSource.SourceKind).ToListAsync(cancellationToken);
        }

        foreach (var id in watches.Keys.Except(running.Select(b => b.Id)))
        {
            Stop(id);
        }

        foreach (var bridge in running)
        {
            var settings = SettingsJson.Read(bridge.SourceSettingsJson);
            string folder;
            try
            {
                folder = folders.Resolve(bridge);
            }
            catch (Exception e) when (e is SourceException or IOException or UnauthorizedAccessException)
            {
                Stop(bridge.Id); // the poll reports the folder problem on the bridge
                continue;
            }

            var pattern = CsvDropSettings.Get(settings, CsvDropSettings.FilePattern, CsvDropSettings.DefaultPattern);
            var settle = CsvDropSettings.Settle(settings);
            if (watches.TryGetValue(bridge.Id, out var existing) && existing.Folder == folder && existing.Pattern == pattern && existing.Settle == settle)
            {
                continue;
            }

            Stop(bridge.Id);
            var watch = new CsvDropFolderWatch(this, bridge.Id, folder, pattern, settle);
            watches[bridge.Id] = watch;
            logger.LogInformation("Watching {Folder} ({Pattern}) for CSV bridge {BridgeId}", folder, pattern, bridge.Id);
        }
    }

    private void Stop(Guid bridgeId)
    {
        if (watches.TryRemove(bridgeId, out var watch))
        {
            watch.Dispose();
        }
    }

    /// <summary>Runs the bridge's poll in this process; true when the poll ran and left its batch awaiting confirmation, or could not run (busy).</summary>
    internal async Task<bool> PollAsync(Guid bridgeId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BridgeDbContext>();
        var before = await db.Bridges.Where(b => b.Id == bridgeId).Select(b => b.LastPollAt).FirstOrDefaultAsync(stopping);
        await scope.ServiceProvider.GetRequiredService<PollBridgeJob>().RunAsync(bridgeId, stopping);
        var after = await db.Bridges.AsNoTracking().Where(b => b.Id == bridgeId && b.State == BridgeState.Running)
            .Select(b => new { b.LastPollAt, b.SourceCursor }).FirstOrDefaultAsync(stopping);
        return after is not null && (after.LastPollAt == before || CsvDropCursor.Parse(after.SourceCursor).Open);
    }
}
