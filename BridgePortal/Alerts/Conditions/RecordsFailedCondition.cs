using BridgePortal.Data.Model.Alerts;
using BridgePortal.Data;
using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Alerts.Conditions;

/// <summary>Records gave up: at least N records of a bridge are Failed. Resolved once they are retried or discarded.</summary>
public sealed class RecordsFailedCondition : IAlertCondition
{
    public string Kind => "RecordsFailed";

    public string Title => "Records failed (at least N Failed records)";

    public async Task<IReadOnlyList<AlertFinding>> EvaluateAsync(BridgeDbContext db, AlertRule rule, DateTime now, CancellationToken cancellationToken)
    {
        var threshold = Math.Max(1, rule.Threshold);
        var rows = await WatchedBridges.Of(db, rule)
            .Select(b => new
            {
                b.Id,
                b.Name,
                Failed = db.Records.Count(r => r.BridgeId == b.Id && r.Status == RecordStatus.Failed),
                LastError = db.Records.Where(r => r.BridgeId == b.Id && r.Status == RecordStatus.Failed).OrderByDescending(r => r.Id).Select(r => r.LastError).FirstOrDefault(),
            })
            .Where(b => b.Failed >= threshold)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(b => new AlertFinding($"bridge:{b.Id}", b.Id, $"Bridge '{b.Name}' has {b.Failed} Failed record(s). Last error: {b.LastError}"))];
    }
}
