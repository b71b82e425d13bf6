using BridgePortal.Data;
using BridgePortal.Data.Model;

namespace BridgePortal.Engine;

public sealed record QueueDepth(Guid BridgeId, string BridgeName, long Depth, double OldestAgeSeconds);

/// <summary>
/// Queue depth and oldest waiting record per bridge for the metrics' gauges: one query for all bridges,
/// at most every <see cref="MaxAge"/>, however often and by however many scrapers the gauges are read.
/// </summary>
public sealed class QueueSnapshot(IServiceScopeFactory scopes, TimeProvider clock, ILogger<QueueSnapshot> logger)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly Lock gate = new();
    private IReadOnlyList<QueueDepth> current = [];
    private long readAt = long.MinValue;

    // Gauge callbacks are synchronous; the query is a single grouped read, so it runs synchronously here.
    public IReadOnlyList<QueueDepth> Current()
    {
        lock (gate)
        {
            if (readAt != long.MinValue && clock.GetElapsedTime(readAt) < MaxAge)
            {
                return current;
            }

            try
            {
                current = Read();
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Reading queue depths for the metrics failed; the last values are reported");
            }

            readAt = clock.GetTimestamp();
            return current;
        }
    }

    private List<QueueDepth> Read()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BridgeDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = db.Bridges.Select(b => new
        {
            b.Id,
            b.Name,
            Depth = db.Records.LongCount(r => r.BridgeId == b.Id && (r.Status == RecordStatus.Pending || r.Status == RecordStatus.Delivering)),
            Oldest = db.Records.Where(r => r.BridgeId == b.Id && (r.Status == RecordStatus.Pending || r.Status == RecordStatus.Delivering)).Min(r => (DateTime?)r.ReceivedAt),
        }).ToList();
        return [.. rows.Select(r => new QueueDepth(r.Id, r.Name, r.Depth, r.Oldest is { } o ? Math.Max(0, (now - o).TotalSeconds) : 0))];
    }
}
