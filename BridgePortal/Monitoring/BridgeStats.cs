using BridgePortal.Data;
using BridgePortal.Engine.Model;
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

    public async Task<ServiceHealth> HealthAsync(CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().UtcDateTime.AddHours(-24);
        var pending = await db.Records.CountAsync(r => r.Status == RecordStatus.Pending || r.Status == RecordStatus.Delivering, cancellationToken);
        var failed = await db.Records.CountAsync(r => r.Status == RecordStatus.Failed, cancellationToken);
        var errors = await db.Attempts.CountAsync(a => a.StartedAt >= since && a.Outcome != AttemptOutcome.Delivered, cancellationToken);
        var latency = await db.Attempts.Where(a => a.StartedAt >= since && a.LatencyMs != null).AverageAsync(a => (double?)a.LatencyMs, cancellationToken);
        var lastSync = await db.Bridges.MaxAsync(b => b.LastSyncAt, cancellationToken);
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
