using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Identity;

namespace BridgePortal.Monitoring;

/// <summary>Audit entries filter for the management API: bridge, action (exact), text, time range.</summary>
public sealed record AuditFilter(Guid? BridgeId = null, string? Action = null, string? Search = null, DateTime? From = null, DateTime? To = null);

public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, int Total);

/// <summary>The audit entries on their own, with the same visibility as the activity log.</summary>
public sealed partial class DashboardStats
{
    public async Task<AuditPage> AuditAsync(Actor actor, AuditFilter filter, int skip, int take, CancellationToken cancellationToken)
    {
        var bridges = await VisibleBridgesAsync(actor, cancellationToken);
        var search = string.IsNullOrWhiteSpace(filter.Search) ? null : filter.Search.Trim().ToLowerInvariant();
        var query = AuditQuery(actor, bridges, filter.BridgeId, search);
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            query = query.Where(a => a.Action == filter.Action);
        }

        if (filter.From is { } from)
        {
            query = query.Where(a => a.At >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(a => a.At < to);
        }

        var total = await query.CountAsync(cancellationToken);
        var entries = await query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return new AuditPage(entries, total);
    }
}
