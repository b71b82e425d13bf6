using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Identity;

namespace BridgePortal.Bridges;

/// <summary>The bridges list: each bridge with its last 24 hours' figures, counted in SQL as on the dashboard.</summary>
public sealed partial class BridgeService
{
    public async Task<IReadOnlyList<BridgeSummary>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().UtcDateTime.AddHours(-24);
        var bridges = await Visible(actor).AsNoTracking().OrderBy(b => b.Name).ToListAsync(cancellationToken);
        var ids = bridges.Select(b => b.Id).ToList();
        var received = await db.Records.Where(r => ids.Contains(r.BridgeId) && r.ReceivedAt >= since)
            .GroupBy(r => r.BridgeId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        // Records, as on the dashboard: delivered in the 24 h, and now failed after a try in the 24 h.
        var delivered = await db.Records.Where(r => ids.Contains(r.BridgeId) && r.DeliveredAt >= since)
            .GroupBy(r => r.BridgeId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var failed = await db.Records.Where(r => ids.Contains(r.BridgeId) && RecordService.FailedStatuses.Contains(r.Status) && r.LastAttemptAt >= since)
            .GroupBy(r => r.BridgeId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var pending = await db.Records.Where(r => ids.Contains(r.BridgeId) && (r.Status == RecordStatus.Pending || r.Status == RecordStatus.Delivering))
            .GroupBy(r => r.BridgeId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var owners = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Email, cancellationToken);
        return [.. bridges.Select(b => new BridgeSummary(
            b.Id, b.Key, b.Name, owners.GetValueOrDefault(b.OwnerId), b.State, b.SourceKind, b.SinkKind,
            received.GetValueOrDefault(b.Id),
            delivered.GetValueOrDefault(b.Id),
            failed.GetValueOrDefault(b.Id),
            pending.GetValueOrDefault(b.Id),
            b.LastSyncAt,
            actor.CanChange(b.OwnerId),
            b.PausedAt,
            b.PauseReason))];
    }
}
