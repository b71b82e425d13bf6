using BridgePortal.Data.Model.Alerts;
using BridgePortal.Data;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Alerts.Conditions;

/// <summary>A bridge's source poll failed N times in a row. Resolved by the next successful poll.</summary>
public sealed class PollFailingCondition : IAlertCondition
{
    public string Kind => "PollFailing";

    public string Title => "Poll failing N times in a row";

    public async Task<IReadOnlyList<AlertFinding>> EvaluateAsync(BridgeDbContext db, AlertRule rule, DateTime now, CancellationToken cancellationToken)
    {
        var threshold = Math.Max(1, rule.Threshold);
        var rows = await WatchedBridges.Of(db, rule).Where(b => b.PollFailuresInARow >= threshold)
            .Select(b => new { b.Id, b.Name, b.PollFailuresInARow, b.LastPollError, Settings = b.SourceConnection == null ? null : b.SourceConnection.SettingsJson })
            .ToListAsync(cancellationToken);

        // Incidents are read by every Admin and Operator and sent to the channel's recipients, not only the bridge's owner.
        return [.. rows.Select(b => new AlertFinding(
            $"bridge:{b.Id}", b.Id, $"Polling bridge '{b.Name}' failed {b.PollFailuresInARow} time(s) in a row: {ConnectionDetails.Redact(b.LastPollError ?? "", b.Settings)}"))];
    }
}
