using BridgePortal.Data.Model.Alerts;
using BridgePortal.Data;
using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Alerts.Conditions;

/// <summary>A running bridge's oldest waiting (Pending or Delivering) record is older than N minutes.</summary>
public sealed class QueueOlderThanCondition : IAlertCondition
{
    public string Kind => "QueueOlderThan";

    public string Title => "Queue older than N minutes";

    public async Task<IReadOnlyList<AlertFinding>> EvaluateAsync(BridgeDbContext db, AlertRule rule, DateTime now, CancellationToken cancellationToken)
    {
        var before = now.AddMinutes(-Math.Max(1, rule.Threshold));
        var rows = await WatchedBridges.Of(db, rule).Where(b => b.State == BridgeState.Running)
            .Select(b => new
            {
                b.Id,
                b.Name,
                Oldest = db.Records.Where(r => r.BridgeId == b.Id && (r.Status == RecordStatus.Pending || r.Status == RecordStatus.Delivering)).Min(r => (DateTime?)r.ReceivedAt),
            })
            .Where(b => b.Oldest != null && b.Oldest < before)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(b => new AlertFinding(
            $"bridge:{b.Id}", b.Id, $"Bridge '{b.Name}' has records waiting since {b.Oldest:yyyy-MM-dd HH:mm} UTC ({(int)(now - b.Oldest!.Value).TotalMinutes} min, limit {rule.Threshold} min)."))];
    }
}
