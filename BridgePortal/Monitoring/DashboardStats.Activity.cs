using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Identity;

namespace BridgePortal.Monitoring;

/// <summary>The activity log: deliveries, failed attempts and audit entries merged, newest first.</summary>
public sealed partial class DashboardStats
{
    /// <summary>One page of attempts and audit entries, newest first, that the actor may see.</summary>
    public async Task<ActivityPage> ActivityAsync(Actor actor, ActivityFilter filter, int skip, int take, CancellationToken cancellationToken)
    {
        var bridges = await VisibleBridgesAsync(actor, cancellationToken);
        return await ActivityAsync(actor, bridges, filter, skip, take, cancellationToken);
    }

    private async Task<IReadOnlyList<ActivityEntry>> RecentAsync(Actor actor, List<VisibleBridge> bridges, int take, CancellationToken cancellationToken)
    {
        // The dashboard's log: failed attempts (retried or not) and audit entries (delivered attempts would drown them).
        var gaveUp = await ActivityAsync(actor, bridges, new ActivityFilter(ActivityLevel.Error), 0, take, cancellationToken);
        var retried = await ActivityAsync(actor, bridges, new ActivityFilter(ActivityLevel.Warning), 0, take, cancellationToken);
        var failed = new ActivityPage([.. gaveUp.Rows.Concat(retried.Rows.Where(r => r.NaturalId is not null))], 0);
        var audit = await AuditQuery(actor, bridges, null, null).OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(take).ToListAsync(cancellationToken);
        var names = bridges.ToDictionary(b => b.Id, b => b.Name);
        return [.. failed.Rows.Concat(audit.Select(a => FromAudit(a, names))).OrderByDescending(e => e.At).Take(take)];
    }

    // Each source is paged in SQL up to skip + take rows; the merge then takes the page. Deep pages cost
    // more, but never more than the rows in front of them.
    private async Task<ActivityPage> ActivityAsync(Actor actor, List<VisibleBridge> bridges, ActivityFilter filter, int skip, int take, CancellationToken cancellationToken)
    {
        var names = bridges.ToDictionary(b => b.Id, b => b.Name);
        var ids = filter.BridgeId is { } only ? bridges.Where(b => b.Id == only).Select(b => b.Id).ToList() : [.. names.Keys];
        var search = string.IsNullOrWhiteSpace(filter.Search) ? null : filter.Search.Trim().ToLower();
        var window = skip + take;

        var attempts = from a in db.Attempts.AsNoTracking()
                       where ids.Contains(a.BridgeId)
                       join r in db.Records on a.RecordId equals r.Id
                       select new { a.Id, a.StartedAt, a.Outcome, a.BridgeId, r.NaturalId, a.Error, a.HttpStatus, a.RetryAt };
        attempts = filter.Level switch
        {
            ActivityLevel.Error => attempts.Where(a => a.Outcome == AttemptOutcome.PermanentFailure || a.Outcome == AttemptOutcome.GaveUp),
            ActivityLevel.Warning => attempts.Where(a => a.Outcome == AttemptOutcome.TransientFailure),
            ActivityLevel.Info => attempts.Where(a => a.Outcome == AttemptOutcome.Delivered),
            _ => attempts,
        };
        if (filter.From is { } from)
        {
            attempts = attempts.Where(a => a.StartedAt >= from);
        }

        if (filter.To is { } to)
        {
            attempts = attempts.Where(a => a.StartedAt < to);
        }
        if (search is not null)
        {
            attempts = attempts.Where(a => a.NaturalId.ToLower().Contains(search) || (a.Error != null && a.Error.ToLower().Contains(search)));
        }

        var attemptTotal = await attempts.CountAsync(cancellationToken);
        var attemptRows = await attempts.OrderByDescending(a => a.StartedAt).ThenByDescending(a => a.Id).Take(window).ToListAsync(cancellationToken);
        var entries = attemptRows.Select(a => new ActivityEntry(
            a.StartedAt,
            Level(a.Outcome),
            a.Outcome switch
            {
                AttemptOutcome.Delivered => "delivered",
                AttemptOutcome.TransientFailure when a.RetryAt is { } at => $"failed, retry at {at:HH:mm:ss} UTC",
                AttemptOutcome.TransientFailure => "failed (will retry)",
                AttemptOutcome.GaveUp => "gave up → Failed",
                _ => "failed (permanent)",
            },
            a.BridgeId,
            names.GetValueOrDefault(a.BridgeId),
            a.NaturalId,
            a.Error ?? (a.HttpStatus is { } status ? $"HTTP {status}" : null),
            null)).ToList();

        // Deliveries come from the records themselves: a delivered try keeps no attempt row.
        var deliveredTotal = 0;
        if (filter.Level is null or ActivityLevel.Info)
        {
            var deliveries = db.Records.AsNoTracking().Where(r => ids.Contains(r.BridgeId) && r.DeliveredAt != null
                && (filter.From == null || r.DeliveredAt >= filter.From) && (filter.To == null || r.DeliveredAt < filter.To));
            if (search is not null)
            {
                deliveries = deliveries.Where(r => r.NaturalId.ToLower().Contains(search));
            }

            deliveredTotal = await deliveries.CountAsync(cancellationToken);
            var rows = await deliveries.OrderByDescending(r => r.DeliveredAt).ThenByDescending(r => r.Id).Take(window)
                .Select(r => new { r.DeliveredAt, r.BridgeId, r.NaturalId, r.Attempts }).ToListAsync(cancellationToken);
            entries.AddRange(rows.Select(r => new ActivityEntry(
                r.DeliveredAt!.Value, ActivityLevel.Info, "delivered", r.BridgeId, names.GetValueOrDefault(r.BridgeId), r.NaturalId,
                r.Attempts > 1 ? $"after {r.Attempts} tries" : null, null)));
        }

        var auditTotal = 0;
        if (filter.Level != ActivityLevel.Error)
        {
            var audit = AuditQuery(actor, bridges, filter.BridgeId, search)
                .Where(a => (filter.From == null || a.At >= filter.From) && (filter.To == null || a.At < filter.To));
            audit = filter.Level switch
            {
                ActivityLevel.Warning => audit.Where(SecurityEvent),
                ActivityLevel.Info => audit.Where(NotSecurityEvent),
                _ => audit,
            };
            auditTotal = await audit.CountAsync(cancellationToken);
            var auditRows = await audit.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(window).ToListAsync(cancellationToken);
            entries.AddRange(auditRows.Select(a => FromAudit(a, names)));
        }

        return new ActivityPage([.. entries.OrderByDescending(e => e.At).Skip(skip).Take(take)], attemptTotal + deliveredTotal + auditTotal);
    }

    // Admins see every audit entry; others those of bridges they see, and their own actions on no bridge
    // (connection tests, for instance) — never someone else's connections.
    private IQueryable<AuditEntry> AuditQuery(Actor actor, List<VisibleBridge> bridges, Guid? bridgeId, string? search)
    {
        var ids = bridges.Select(b => b.Id).Where(id => bridgeId is null || id == bridgeId).ToList();
        var query = db.AuditEntries.AsNoTracking();
        if (bridgeId is not null)
        {
            query = query.Where(a => a.BridgeId != null && ids.Contains(a.BridgeId.Value));
        }
        else if (!actor.IsAdmin)
        {
            var self = actor.Id;
            query = query.Where(a => (a.BridgeId != null && ids.Contains(a.BridgeId.Value)) || (a.BridgeId == null && a.UserId == self));
        }

        if (search is not null)
        {
            query = query.Where(a => a.Action.ToLower().Contains(search)
                || (a.Detail != null && a.Detail.ToLower().Contains(search))
                || (a.UserName != null && a.UserName.ToLower().Contains(search)));
        }

        return query;
    }

    private static ActivityEntry FromAudit(AuditEntry a, Dictionary<Guid, string> names) =>
        new(a.At, IsSecurityEvent(a) ? ActivityLevel.Warning : ActivityLevel.Info, a.Action, a.BridgeId, a.BridgeId is { } id ? names.GetValueOrDefault(id) : null, null, a.Detail, a.UserName);

    private static ActivityLevel Level(AttemptOutcome outcome) => outcome switch
    {
        AttemptOutcome.Delivered => ActivityLevel.Info,
        AttemptOutcome.TransientFailure => ActivityLevel.Warning,
        _ => ActivityLevel.Error,
    };

    // A refused log-in (wrong password, locked out) or a locked user's refused action (AuditLog.Refused).
    private static readonly System.Linq.Expressions.Expression<Func<AuditEntry, bool>> SecurityEvent =
        a => a.Action == AuditLog.Refused || (a.Action == "login" && a.Detail != null && a.Detail != "succeeded");

    private static readonly System.Linq.Expressions.Expression<Func<AuditEntry, bool>> NotSecurityEvent =
        a => !(a.Action == AuditLog.Refused || (a.Action == "login" && a.Detail != null && a.Detail != "succeeded"));

    private static bool IsSecurityEvent(AuditEntry a) => a.Action == AuditLog.Refused || (a.Action == "login" && a.Detail is not null and not "succeeded");
}
