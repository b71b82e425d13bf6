using System.Linq.Expressions;
using BridgePortal.Data;
using BridgePortal.Engine;
using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Identity;
using BridgePortal.Bridges;

namespace BridgePortal.Monitoring;

/// <summary>
/// The dashboard's numbers for the bridges an actor may see, computed in SQL from stored attempts and
/// records every time they are asked for: nothing is counted in memory, no attempt rows are loaded.
/// </summary>
public sealed partial class DashboardStats(BridgeDbContext db, TimeProvider clock, EngineStore store)
{
    public const int Buckets = 12;

    public static TimeSpan Length(StatsWindow window) => window switch
    {
        StatsWindow.LastHour => TimeSpan.FromHours(1),
        StatsWindow.Last24Hours => TimeSpan.FromHours(24),
        _ => TimeSpan.FromDays(7),
    };

    public async Task<DashboardSnapshot> SnapshotAsync(Actor actor, StatsWindow window, CancellationToken cancellationToken)
    {
        var to = clock.GetUtcNow().UtcDateTime;
        var from = to - Length(window);
        var bridges = await VisibleBridgesAsync(actor, cancellationToken);
        var ids = bridges.Select(b => b.Id).ToList();
        // Every figure counts records, over the window: delivered = delivered in it (the record keeps its delivery
        // time and latency; delivered tries keep no attempt row), failed = now Failed/DeadLettered, last tried in it.
        var deliveredRecords = db.Records.AsNoTracking().Where(r => ids.Contains(r.BridgeId) && r.DeliveredAt >= from);
        var failedRecords = db.Records.AsNoTracking().Where(r => ids.Contains(r.BridgeId) && RecordService.FailedStatuses.Contains(r.Status) && r.LastAttemptAt >= from);
        var perBridge = await deliveredRecords
            .GroupBy(r => r.BridgeId)
            .Select(g => new { BridgeId = g.Key, Count = g.Count(), Timed = g.Count(r => r.LatencyMs != null), Average = g.Average(r => (double?)r.LatencyMs) })
            .ToListAsync(cancellationToken);
        var failedPerBridge = await failedRecords.GroupBy(r => r.BridgeId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var pending = await db.Records.Where(r => ids.Contains(r.BridgeId) && (r.Status == RecordStatus.Pending || r.Status == RecordStatus.Delivering))
            .GroupBy(r => r.BridgeId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var errors = await db.Records.CountAsync(r => ids.Contains(r.BridgeId) && RecordService.FailedStatuses.Contains(r.Status), cancellationToken);

        var delivered = perBridge.Sum(p => p.Count);
        var failed = failedPerBridge.Values.Sum();
        var timedCount = perBridge.Sum(p => p.Average is null ? 0 : p.Timed);
        double? average = timedCount == 0 ? null : perBridge.Where(p => p.Average != null).Sum(p => p.Average!.Value * p.Timed) / timedCount;

        var rows = bridges.Select(b =>
        {
            var mine = perBridge.FirstOrDefault(p => p.BridgeId == b.Id);
            return new BridgeStatsRow(b.Id, b.Name, b.State, mine?.Count ?? 0, failedPerBridge.GetValueOrDefault(b.Id), pending.GetValueOrDefault(b.Id), mine?.Average, b.PausedAt, b.PauseReason);
        }).ToList();

        return new DashboardSnapshot(
            window,
            from,
            to,
            delivered + failed == 0 ? null : (double)delivered / (delivered + failed),
            delivered,
            failed,
            pending.Values.Sum(),
            errors,
            average,
            await P95LatencyAsync(ids, from, cancellationToken),
            await SeriesAsync(deliveredRecords, failedRecords, from, to, cancellationToken),
            rows,
            await RecentAsync(actor, bridges, 20, cancellationToken));
    }

    private async Task<List<VisibleBridge>> VisibleBridgesAsync(Actor actor, CancellationToken cancellationToken)
    {
        var bridges = actor.SeesAllBridges ? db.Bridges : db.Bridges.Where(b => b.OwnerId == actor.Id);
        return await bridges.AsNoTracking().OrderBy(b => b.Name)
            .Select(b => new VisibleBridge(b.Id, b.Name, b.State, b.PausedAt, b.PauseReason))
            .ToListAsync(cancellationToken);
    }

    // The 95th percentile of the latency of records delivered in the window, in the database (the provider's own statement).
    private async Task<double?> P95LatencyAsync(List<Guid> ids, DateTime from, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return null;
        }

        return await store.Dashboard.LatencyP95Async(db, ids, from, cancellationToken);
    }

    // One grouped query per kind: a CASE expression puts each record in its bucket, so at most Buckets rows come back each.
    private static async Task<List<DeliveryBucket>> SeriesAsync(
        IQueryable<Record> delivered, IQueryable<Record> failed, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var width = (to - from) / Buckets;
        var starts = Enumerable.Range(0, Buckets).Select(i => from + (width * i)).ToList();
        var deliveredCounts = await delivered.Select(r => r.DeliveredAt!.Value).GroupBy(BucketOf(starts)).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var failedCounts = await failed.Select(r => r.LastAttemptAt!.Value).GroupBy(BucketOf(starts)).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return [.. starts.Select((start, i) => new DeliveryBucket(start, deliveredCounts.GetValueOrDefault(i), failedCounts.GetValueOrDefault(i)))];
    }

    // t => t < edges.Starts[1] ? 0 : t < edges.Starts[2] ? 1 : … : Buckets - 1. The times are read through a
    // closure object, so EF sends them as parameters and reuses one compiled query.
    private static Expression<Func<DateTime, int>> BucketOf(List<DateTime> starts)
    {
        var edges = Expression.Field(Expression.Constant(new BucketEdges([.. starts])), nameof(BucketEdges.Starts));
        var time = Expression.Parameter(typeof(DateTime), "t");
        Expression body = Expression.Constant(starts.Count - 1);
        for (var i = starts.Count - 2; i >= 0; i--)
        {
            var edge = Expression.ArrayIndex(edges, Expression.Constant(i + 1));
            body = Expression.Condition(Expression.LessThan(time, edge), Expression.Constant(i), body);
        }

        return Expression.Lambda<Func<DateTime, int>>(body, time);
    }

    private sealed class BucketEdges(DateTime[] starts)
    {
        public readonly DateTime[] Starts = starts;
    }

    private sealed record VisibleBridge(Guid Id, string Name, BridgeState State, DateTime? PausedAt, string? PauseReason);
}
