using BridgePortal.Data.Model.Alerts;
using BridgePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Alerts.Conditions;

/// <summary>
/// The last test of a connection failed: any connection (global rule) or the watched bridge's source and sink
/// connections. Resolved when a later test succeeds.
/// </summary>
public sealed class ConnectionTestFailingCondition : IAlertCondition
{
    public string Kind => "ConnectionTestFailing";

    public string Title => "Connection test failing";

    public async Task<IReadOnlyList<AlertFinding>> EvaluateAsync(BridgeDbContext db, AlertRule rule, DateTime now, CancellationToken cancellationToken)
    {
        var connections = db.Connections.Where(c => c.LastTestSucceeded == false);
        if (rule.BridgeId is { } bridgeId)
        {
            connections = connections.Where(c => db.Bridges.Any(b => b.Id == bridgeId && (b.SourceConnectionId == c.Id || b.SinkConnectionId == c.Id)));
        }

        var rows = await connections.Select(c => new { c.Id, c.Name, c.Kind, c.LastTestedAt, c.LastTestMessage }).ToListAsync(cancellationToken);
        return [.. rows.Select(c => new AlertFinding(
            $"connection:{c.Id}", rule.BridgeId, $"The test of {c.Kind} connection '{c.Name}' failed at {c.LastTestedAt:yyyy-MM-dd HH:mm} UTC: {c.LastTestMessage}"))];
    }
}
