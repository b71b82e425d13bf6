using BridgePortal.Data;
using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Identity;
using BridgePortal.Engine;

namespace BridgePortal.Bridges;

/// <param name="Replayed">Records made Pending again.</param>
/// <param name="WithoutPayload">Records in the range whose payload retention already purged: they cannot be sent again.</param>
public sealed record ReplayResult(int Replayed, int WithoutPayload);

/// <summary>
/// Sends a bridge's records received in a time range again (e.g. after the downstream lost data): Delivered,
/// Failed and DeadLettered records become Pending with a fresh retry budget. Records in flight are left alone,
/// so a replay never races a delivery; Discarded ones stay set aside. Audited.
/// </summary>
public sealed class RecordReplay(BridgeDbContext db, AuditLog audit, DispatchSignal signal)
{
    private static readonly RecordStatus[] Replayable = [RecordStatus.Delivered, RecordStatus.Failed, RecordStatus.DeadLettered];

    public async Task<ReplayResult> ReplayAsync(Actor actor, Guid bridgeId, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        if (from >= to)
        {
            throw new ArgumentException("'from' must be before 'to'.");
        }

        if (!await db.Bridges.ChangeableBy(actor).AnyAsync(b => b.Id == bridgeId, cancellationToken))
        {
            throw new AccessDeniedException("No such bridge, or you may not change it.");
        }

        var inRange = db.Records.Where(r => r.BridgeId == bridgeId && r.ReceivedAt >= from && r.ReceivedAt < to && Replayable.Contains(r.Status));
        var withoutPayload = await inRange.CountAsync(r => r.Payload == null, cancellationToken);
        var replayed = await inRange.Where(r => r.Payload != null).ExecuteUpdateAsync(
            s => s.SetProperty(r => r.Status, RecordStatus.Pending)
                .SetProperty(r => r.Version, r => r.Version + 1) // a new Idempotency-Key: an idempotent receiver must not drop the replay
                .SetProperty(r => r.Attempts, 0)
                .SetProperty(r => r.NextAttemptAt, (DateTime?)null)
                .SetProperty(r => r.LeaseUntil, (DateTime?)null),
            cancellationToken);
        await audit.WriteAsync(actor.User, "record.replay", "Record", null, bridgeId,
            $"{replayed} record(s) received {from:u} – {to:u}{(withoutPayload > 0 ? $"; {withoutPayload} without payload (purged) skipped" : "")}", cancellationToken);
        signal.Notify(bridgeId);
        return new ReplayResult(replayed, withoutPayload);
    }
}
