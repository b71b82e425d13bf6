using BridgePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Engine;

/// <summary>PostgreSQL computes the percentile itself (<c>percentile_cont</c>).</summary>
internal sealed class PostgresDashboardStatements : IDashboardStatements
{
    public static readonly PostgresDashboardStatements Instance = new();

    public async Task<double?> LatencyP95Async(BridgeDbContext db, List<Guid> bridgeIds, DateTime from, CancellationToken cancellationToken)
    {
        var ids = bridgeIds.ToArray();
        var values = await db.Database.SqlQuery<double?>($"""
            SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY "LatencyMs") AS "Value"
            FROM "Records"
            WHERE "DeliveredAt" >= {from} AND "LatencyMs" IS NOT NULL AND "BridgeId" = ANY({ids})
            """).ToListAsync(cancellationToken);
        return values.FirstOrDefault();
    }
}
