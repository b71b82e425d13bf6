using BridgePortal.Data;

namespace BridgePortal.Engine;

/// <summary>The dashboard's provider-specific figure: the 95th percentile latency of records delivered since a time.</summary>
internal interface IDashboardStatements
{
    /// <summary>Null when no record of <paramref name="bridgeIds"/> (not empty) was delivered with a latency since <paramref name="from"/>.</summary>
    Task<double?> LatencyP95Async(BridgeDbContext db, List<Guid> bridgeIds, DateTime from, CancellationToken cancellationToken);
}
