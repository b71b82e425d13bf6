using System.Linq.Expressions;
using BridgePortal.Data;
using BridgePortal.Engine;
using BridgePortal.Engine.Model;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Monitoring;

/// <summary>
/// The dashboard's numbers for the bridges an actor may see, computed in SQL from stored attempts and
/// records every time they are asked for: nothing is counted in memory, no attempt rows are loaded.
/// </summary>
public sealed partial class DashboardStats(BridgeDbContext db, TimeProvider clock)
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
        var attempts = db.Attempts.AsNoTracking().Where(a => ids.Contains(a.BridgeId) && a.StartedAt >= from);

        var perBridge = await attempts
            .GroupBy(a => new { a.BridgeId, Delivered = a.Outcome == AttemptOutcome.Delivered })
            .Select(g => new
            {
                g.Key.BridgeId,
                g.Key.Delivered,
                Count = g.Count(),
                Timed = g.Count(a => a.LatencyMs != null),
                Average = g.Average(a => (double?)a.LatencyMs),
            })
            .ToListAsync(cancellationToken);
        var pending = await db.Records.Where(r => ids.Contains(r.BridgeId) && (r.Status == RecordStatus.Pending || r.Status == RecordStatus.Delivering))
            .GroupBy(r => r.BridgeId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var errors = await db.Records.CountAsync(r => ids.Contains(r.BridgeId) && RecordService.FailedStatuses.Contains(r.Status), cancellationToken);

        var delivered = perBridge.Where(p => p.Delivered).Sum(p => p.Count);
        var failed = perBridge.Where(p => !p.Delivered).Sum(p => p.Count);
        var timed = perBridge.Where(p => p.Delivered && p.Average != null).ToList();
        var timedCount = timed.Sum(p => p.Timed);
        double? average = timedCount == 0 ? null : timed.Sum(p => p.Average!.Value * p.Timed) / timedCount;

        var rows = bridges.Select(b =>
        {
            var mine = perBridge.Where(p => p.BridgeId == b.Id).ToList();
            return new BridgeStatsRow(
                b.Id,
                b.Name,
                b.State,
                mine.Where(p => p.Delivered).Sum(p => p.Count),
                mine.Where(p => !p.Delivered).Sum(p => p.Count),
                pending.GetValueOrDefault(b.Id),
                mine.FirstOrDefault(p => p.Delivered)?.Average);
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
            await SeriesAsync(attempts, from, to, cancellationToken),
            rows,
            await RecentAsync(actor, bridges, 20, cancellationToken));
    }

    private async Task<List<VisibleBridge>> VisibleBridgesAsync(Actor actor, CancellationToken cancellationToken)
    {
        var bridges = actor.SeesAllBridges ? db.Bridges : db.Bridges.Where(b => b.OwnerId == actor.Id);
        return await bridges.AsNoTracking().OrderBy(b => b.Name)
            .Select(b => new VisibleBridge(b.Id, b.Name, b.State))
            .ToListAsync(cancellationToken);
    }

    // The 95th percentile of delivered attempts' latency, in the database: PostgreSQL's percentile_cont,
    // elsewhere a count and then the one row at the 95 % rank (ORDER BY … LIMIT 1 OFFSET n).
    private async Task<double?> P95LatencyAsync(List<Guid> ids, DateTime from, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return null;
        }

        if (db is PostgresBridgeDbContext)
        {
            var delivered = (int)AttemptOutcome.Delivered;
            var bridgeIds = ids.ToArray();
            var values = await db.Database.SqlQuery<double?>($"""
                SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY "LatencyMs") AS "Value"
                FROM "Attempts"
                WHERE "Outcome" = {delivered} AND "LatencyMs" IS NOT NULL AND "StartedAt" >= {from} AND "BridgeId" = ANY({bridgeIds})
                """).ToListAsync(cancellationToken);
            return values.FirstOrDefault();
        }

        var latencies = db.Attempts.AsNoTracking()
            .Where(a => ids.Contains(a.BridgeId) && a.StartedAt >= from && a.Outcome == AttemptOutcome.Delivered && a.LatencyMs != null)
            .Select(a => a.LatencyMs!.Value);
        var count = await latencies.CountAsync(cancellationToken);
        if (count == 0)
        {
            return null;
        }

        var offset = Math.Min(count - 1, (int)(count * 0.95));
        return await latencies.OrderBy(l => l).Skip(offset).Take(1).FirstAsync(cancellationToken);
    }

    // One grouped query: a CASE expression puts each attempt in its bucket, so at most 2 × Buckets rows come back.
    private static async Task<List<DeliveryBucket>> SeriesAsync(IQueryable<Attempt> attempts, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var width = (to - from) / Buckets;
        var starts = Enumerable.Range(0, Buckets).Select(i => from + (width * i)).ToList();
        var counts = await attempts
            .GroupBy(BucketOf(starts))
            .Select(g => new { Bucket = g.Key, Delivered = g.Count(a => a.Outcome == AttemptOutcome.Delivered), Failed = g.Count(a => a.Outcome != AttemptOutcome.Delivered) })
            .ToListAsync(cancellationToken);
        return [.. starts.Select((start, i) =>
        {
            var bucket = counts.FirstOrDefault(c => c.Bucket == i);
            return new DeliveryBucket(start, bucket?.Delivered ?? 0, bucket?.Failed ?? 0);
        })];
    }

    // a => a.StartedAt < edges.Starts[1] ? 0 : a.StartedAt < edges.Starts[2] ? 1 : … : Buckets - 1. The times are
    // read through a closure object, so EF sends them as parameters and reuses one compiled query.
    private static Expression<Func<Attempt, int>> BucketOf(List<DateTime> starts)
    {
        var edges = Expression.Field(Expression.Constant(new BucketEdges([.. starts])), nameof(BucketEdges.Starts));
        var attempt = Expression.Parameter(typeof(Attempt), "a");
        var startedAt = Expression.Property(attempt, nameof(Attempt.StartedAt));
        Expression body = Expression.Constant(starts.Count - 1);
        for (var i = starts.Count - 2; i >= 0; i--)
        {
            var edge = Expression.ArrayIndex(edges, Expression.Constant(i + 1));
            body = Expression.Condition(Expression.LessThan(startedAt, edge), Expression.Constant(i), body);
        }

        return Expression.Lambda<Func<Attempt, int>>(body, attempt);
    }

    private sealed class BucketEdges(DateTime[] starts)
    {
        public readonly DateTime[] Starts = starts;
    }

    private sealed record VisibleBridge(Guid Id, string Name, BridgeState State);
}
