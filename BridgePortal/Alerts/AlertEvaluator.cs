using BridgePortal.Data.Model.Alerts;
using BridgePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Alerts;

/// <summary>
/// Turns each enabled rule's findings into incidents: a finding without an open incident opens one, an open
/// incident without a finding is resolved. Then <see cref="AlertNotifier"/> tells the channels, once each.
/// </summary>
public sealed class AlertEvaluator(BridgeDbContext db, IEnumerable<IAlertCondition> conditions, AlertNotifier notifier, TimeProvider clock, ILogger<AlertEvaluator> logger)
{
    private readonly Dictionary<string, IAlertCondition> byKind = conditions.ToDictionary(c => c.Kind, StringComparer.Ordinal);

    /// <summary>Evaluates every enabled rule and sends what is due. Returns the notifications sent.</summary>
    public async Task<int> EvaluateAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var rule in await db.AlertRules.AsNoTracking().Where(r => r.Enabled).ToListAsync(cancellationToken))
        {
            if (!byKind.TryGetValue(rule.Kind, out var condition))
            {
                logger.LogWarning("Alert rule {RuleId} has an unknown kind {Kind}", rule.Id, rule.Kind);
                continue;
            }

            try
            {
                await ApplyAsync(rule, await condition.EvaluateAsync(db, rule, now, cancellationToken), now, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Evaluating alert rule {RuleId} failed", rule.Id);
                db.ChangeTracker.Clear();
            }
        }

        return await notifier.NotifyDueAsync(cancellationToken);
    }

    private async Task ApplyAsync(AlertRule rule, IReadOnlyList<AlertFinding> findings, DateTime now, CancellationToken cancellationToken)
    {
        var open = await db.AlertIncidents.Where(i => i.RuleId == rule.Id && i.ResolvedAt == null).ToListAsync(cancellationToken);
        var firing = findings.DistinctBy(f => f.SubjectKey).ToDictionary(f => f.SubjectKey, StringComparer.Ordinal);
        foreach (var incident in open.Where(i => !firing.ContainsKey(i.SubjectKey)))
        {
            incident.ResolvedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var finding in firing.Values.Where(f => open.All(i => i.SubjectKey != f.SubjectKey)))
        {
            db.AlertIncidents.Add(new AlertIncident
            {
                RuleId = rule.Id,
                SubjectKey = finding.SubjectKey,
                BridgeId = finding.BridgeId,
                Summary = finding.Summary.Length > 2000 ? finding.Summary[..1999] + "…" : finding.Summary,
                OpenedAt = now,
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another evaluation opened it first (the unique index on open incidents): it is theirs to notify.
                db.ChangeTracker.Clear();
            }
        }
    }
}
