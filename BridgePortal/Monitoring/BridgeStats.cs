using BridgePortal.Data;
using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Monitoring;

/// <summary>Numbers computed from stored records and attempts (never kept in memory).</summary>
public sealed class BridgeStats(BridgeDbContext db, TimeProvider clock, ProcessClock process)
{
    public async Task<BridgeStatus> StatusAsync(Bridge bridge, CancellationToken cancellationToken)
    {
        var byStatus = await db.Records.Where(r => r.BridgeId == bridge.Id)
            .GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var byModule = await db.Records.Where(r => r.BridgeId == bridge.Id && r.Module != null)
            .GroupBy(r => r.Module!).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var lastSync = await db.Bridges.Where(b => b.Id == bridge.Id).Select(b => b.LastSyncAt).FirstOrDefaultAsync(cancellationToken);
        return new BridgeStatus(
            bridge.Key,
            bridge.Name,
            bridge.State.ToString(),
            lastSync,
            byStatus.Values.Sum(),
            Enum.GetValues<RecordStatus>().ToDictionary(s => Camel(s.ToString()), s => byStatus.GetValueOrDefault(s)),
            byModule);
    }

    /// <summary>Health of one bridge: a bridge's token shows that bridge's numbers only, never the whole portal's.</summary>
    public async Task<ServiceHealth> HealthAsync(Guid bridgeId, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().UtcDateTime.AddHours(-24);
        var records = db.Records.Where(r => r.BridgeId == bridgeId);
        var attempts = db.Attempts.Where(a => a.BridgeId == bridgeId && a.StartedAt >= since);
        var pending = await records.CountAsync(r => r.Status == RecordStatus.Pending || r.Status == RecordStatus.Delivering, cancellationToken);
        var failed = await records.CountAsync(r => r.Status == RecordStatus.Failed, cancellationToken);
        var errors = await attempts.CountAsync(cancellationToken); // failed tries: a delivered try keeps no attempt row
        var latency = await records.Where(r => r.DeliveredAt >= since && r.LatencyMs != null).AverageAsync(r => (double?)r.LatencyMs, cancellationToken);
        var lastSync = await db.Bridges.Where(b => b.Id == bridgeId).MaxAsync(b => b.LastSyncAt, cancellationToken);
        return new ServiceHealth(
            failed > 0 ? "degraded" : "ok",
            (long)process.Uptime.TotalSeconds,
            lastSync,
            pending,
            failed,
            errors,
            latency is { } l ? Math.Round(l, 1) : null);
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

public sealed record BridgeStatus(
    string Bridge, string Name, string State, DateTime? LastSyncAt, int Total, Dictionary<string, int> ByStatus, Dictionary<string, int> ByModule);

public sealed record ServiceHealth(
    string Status, long UptimeSeconds, DateTime? LastSyncAt, int PendingQueue, int FailedRecords, int Errors24h, double? AverageLatencyMs24h);

/// <summary>When this process started, for uptime.</summary>
public sealed class ProcessClock(TimeProvider clock)
{
    private readonly long started = clock.GetTimestamp();

    public TimeSpan Uptime => clock.GetElapsedTime(started);
}
