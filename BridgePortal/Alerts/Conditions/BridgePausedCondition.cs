using BridgePortal.Data.Model.Alerts;
using BridgePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Alerts.Conditions;

/// <summary>
/// The circuit breaker paused a bridge's delivery because its sink kept failing. One incident per pause,
/// resolved when the bridge resumes. A user's own pause is no surprise and does not fire.
/// </summary>
public sealed class BridgePausedCondition : IAlertCondition
{
    public string Kind => "BridgePaused";

    public string Title => "Bridge paused by the circuit breaker (threshold unused)";

    public async Task<IReadOnlyList<AlertFinding>> EvaluateAsync(BridgeDbContext db, AlertRule rule, DateTime now, CancellationToken cancellationToken)
    {
        var rows = await WatchedBridges.Of(db, rule).Where(b => b.PausedAt != null && !b.PausedManually)
            .Select(b => new { b.Id, b.Name, b.PausedAt, b.PauseReason })
            .ToListAsync(cancellationToken);

        // The pause time is in the subject, so a new pause after a resume is a new incident even between two evaluations.
        return [.. rows.Select(b => new AlertFinding(
            $"bridge:{b.Id}:paused:{b.PausedAt!.Value.Ticks}", b.Id, $"Bridge '{b.Name}' paused: {b.PauseReason} since {b.PausedAt:yyyy-MM-dd HH:mm:ss} UTC"))];
    }
}
