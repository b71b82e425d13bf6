using BridgePortal.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.AtHoc;

/// <summary>
/// The recurring mapping-sync check: for every AtHoc connection, decides with <see cref="AtHocSyncSchedule"/>
/// whether its table needs a sync and runs it. Short and safe to overlap (one run at a time across instances).
/// </summary>
public sealed class AtHocMappingSyncJob(BridgeDbContext db, AtHocMappingSync sync, TimeProvider clock, ILogger<AtHocMappingSyncJob> logger)
{
    public const string Id = "athoc-mapping-sync";

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 5)]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var connections = await db.Connections.AsNoTracking().Where(c => c.Kind == AtHocConnectionKind.Kind)
            .Select(c => new { c.Id, c.SettingsJson }).ToListAsync(cancellationToken);
        var states = await db.Set<AtHocMappingSyncState>().AsNoTracking().ToDictionaryAsync(s => s.ConnectionId, cancellationToken);
        var synced = 0;
        foreach (var connection in connections)
        {
            var settings = new ConnectionData(AtHocConnectionKind.Kind, SettingsJson.Read(connection.SettingsJson), new Dictionary<string, string>());
            var (due, reason) = AtHocSyncSchedule.Decide(states.GetValueOrDefault(connection.Id), clock.GetUtcNow(), clock.LocalTimeZone,
                AtHocSettings.MaxDays(settings), AtHocSettings.DailyHour(settings));
            if (!due)
            {
                continue;
            }

            logger.LogInformation("AtHoc mapping sync of connection {ConnectionId}: {Reason}", connection.Id, reason);
            await sync.SyncAsync(connection.Id, AtHocMappingSync.Scheduled, cancellationToken);
            db.ChangeTracker.Clear();
            synced++;
        }

        return synced;
    }
}
