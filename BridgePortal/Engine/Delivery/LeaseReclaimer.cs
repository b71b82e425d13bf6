using BridgePortal.Data;
using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Engine;

/// <summary>
/// Gives records back to Pending when the worker that claimed them is gone: its lease expired, or (faster) its
/// instance stopped sending heartbeats. SQLite has one instance, so at start-up every lease but this process's
/// is dead. A reclaimed record keeps its version, so its redelivery carries the same idempotency key.
/// </summary>
public sealed class LeaseReclaimer(IServiceScopeFactory scopes, EngineInstanceId instance, TimeProvider clock, ILogger<LeaseReclaimer> logger)
{
    /// <summary>An instance whose heartbeat is older than this is dead.</summary>
    public static readonly TimeSpan DeadAfter = TimeSpan.FromSeconds(10);

    public async Task<int> ReclaimAsync(bool startingAlone, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BridgeDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var aliveSince = now - DeadAfter;
        var me = instance.Id;
        var reclaimed = await db.Records
            .Where(r => r.Status == RecordStatus.Delivering && r.LeaseOwner != me
                && (startingAlone
                    || r.LeaseUntil < now
                    || r.LeaseOwner == null
                    || !db.EngineInstances.Any(i => i.Id == r.LeaseOwner && i.HeartbeatAt >= aliveSince)))
            .ExecuteUpdateAsync(
                s => s.SetProperty(r => r.Status, RecordStatus.Pending).SetProperty(r => r.LeaseUntil, (DateTime?)null).SetProperty(r => r.LeaseOwner, (Guid?)null),
                cancellationToken);
        if (reclaimed > 0)
        {
            logger.LogWarning("Reclaimed {Count} record(s) whose delivery lease was held by a stopped worker", reclaimed);
        }

        return reclaimed;
    }
}
