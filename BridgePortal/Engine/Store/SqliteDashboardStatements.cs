using BridgePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Engine;

/// <summary>SQLite has no percentile function: a count, then the one row at the 95 % rank (ORDER BY … LIMIT 1 OFFSET n).</summary>
internal sealed class SqliteDashboardStatements : IDashboardStatements
{
    public static readonly SqliteDashboardStatements Instance = new();

    public async Task<double?> LatencyP95Async(BridgeDbContext db, List<Guid> bridgeIds, DateTime from, CancellationToken cancellationToken)
    {
        var latencies = db.Records.AsNoTracking()
            .Where(r => bridgeIds.Contains(r.BridgeId) && r.DeliveredAt >= from && r.LatencyMs != null)
            .Select(r => r.LatencyMs!.Value);
        var count = await latencies.CountAsync(cancellationToken);
        if (count == 0)
        {
            return null;
        }

        var offset = Math.Min(count - 1, (int)(count * 0.95));
        return await latencies.OrderBy(l => l).Skip(offset).Take(1).FirstAsync(cancellationToken);
    }
}
