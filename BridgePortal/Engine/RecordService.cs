using BridgePortal.Data;
using BridgePortal.Engine.Model;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Engine;

public sealed record RecordFilter(Guid? BridgeId = null, IReadOnlyCollection<RecordStatus>? Statuses = null, string? Search = null);

public sealed record RecordRow(
    long Id, Guid BridgeId, string BridgeName, string NaturalId, string? Module, RecordStatus Status, int Attempts,
    string? LastError, DateTime ReceivedAt, DateTime? LastAttemptAt, DateTime? DeliveredAt, DateTime? NextAttemptAt);

public sealed record RecordPage(IReadOnlyList<RecordRow> Rows, int Total);

/// <summary>The records the actor may see, and retry/discard on the ones they may change (audited).</summary>
public sealed class RecordService(BridgeDbContext db, AuditLog audit, DispatchSignal signal, ActorCheck actors)
{
    public static readonly RecordStatus[] FailedStatuses = [RecordStatus.Failed, RecordStatus.DeadLettered];

    public async Task<RecordPage> ListAsync(Actor actor, RecordFilter filter, int skip, int take, CancellationToken cancellationToken)
    {
        var query = Query(actor, filter);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(r => r.Id).Skip(skip).Take(take)
            .Join(db.Bridges, r => r.BridgeId, b => b.Id, (r, b) => new RecordRow(
                r.Id, r.BridgeId, b.Name, r.NaturalId, r.Module, r.Status, r.Attempts, r.LastError, r.ReceivedAt, r.LastAttemptAt, r.DeliveredAt, r.NextAttemptAt))
            .ToListAsync(cancellationToken);
        return new RecordPage(rows, total);
    }

    public async Task<string?> PayloadAsync(Actor actor, long recordId, CancellationToken cancellationToken) =>
        await Query(actor, new RecordFilter()).Where(r => r.Id == recordId).Select(r => r.Payload).FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<Attempt>> AttemptsAsync(Actor actor, Guid bridgeId, long? recordId, int take, CancellationToken cancellationToken)
    {
        var visible = await VisibleBridgeIds(actor).AnyAsync(id => id == bridgeId, cancellationToken);
        if (!visible)
        {
            return [];
        }

        var query = db.Attempts.AsNoTracking().Where(a => a.BridgeId == bridgeId);
        if (recordId is { } id)
        {
            query = query.Where(a => a.RecordId == id);
        }

        return await query.OrderByDescending(a => a.Id).Take(take).ToListAsync(cancellationToken);
    }

    /// <summary>Makes the chosen Failed/DeadLettered records Pending again with a fresh retry budget.</summary>
    public async Task<int> RetryAsync(Actor actor, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        actor = await actors.CurrentAsync(actor, cancellationToken);
        return await RetryWhereAsync(actor, Changeable(actor).Where(r => ids.Contains(r.Id)), $"{ids.Count} selected", cancellationToken);
    }

    /// <summary>Retries every Failed/DeadLettered record matching the filter.</summary>
    public async Task<int> RetryMatchingAsync(Actor actor, RecordFilter filter, CancellationToken cancellationToken)
    {
        actor = await actors.CurrentAsync(actor, cancellationToken);
        return await RetryWhereAsync(actor, Filtered(Changeable(actor), filter), "all matching", cancellationToken);
    }

    /// <summary>Deletes the chosen Failed/DeadLettered records and their attempts.</summary>
    public async Task<int> DiscardAsync(Actor actor, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        actor = await actors.CurrentAsync(actor, cancellationToken);
        var query = Changeable(actor).Where(r => ids.Contains(r.Id) && FailedStatuses.Contains(r.Status));
        var discarded = await query.Select(r => new { r.Id, r.BridgeId, r.NaturalId }).ToListAsync(cancellationToken);
        var discardedIds = discarded.Select(d => d.Id).ToList();
        await db.Attempts.Where(a => discardedIds.Contains(a.RecordId)).ExecuteDeleteAsync(cancellationToken);
        await db.Records.Where(r => discardedIds.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);
        foreach (var bridge in discarded.GroupBy(d => d.BridgeId))
        {
            await audit.WriteAsync(actor.User, "record.discard", "Record", null, bridge.Key,
                $"{bridge.Count()} record(s): {string.Join(", ", bridge.Take(20).Select(d => d.NaturalId))}", cancellationToken);
        }

        return discarded.Count;
    }

    private async Task<int> RetryWhereAsync(Actor actor, IQueryable<Record> query, string what, CancellationToken cancellationToken)
    {
        query = query.Where(r => FailedStatuses.Contains(r.Status));
        var bridges = await query.GroupBy(r => r.BridgeId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var count = await query.ExecuteUpdateAsync(
            s => s.SetProperty(r => r.Status, RecordStatus.Pending)
                .SetProperty(r => r.Attempts, 0)
                .SetProperty(r => r.NextAttemptAt, (DateTime?)null)
                .SetProperty(r => r.LeaseUntil, (DateTime?)null),
            cancellationToken);
        foreach (var bridge in bridges)
        {
            await audit.WriteAsync(actor.User, "record.retry", "Record", null, bridge.Key, $"{bridge.Count} record(s), {what}", cancellationToken);
            signal.Notify(bridge.Key);
        }

        return count;
    }

    private IQueryable<Guid> VisibleBridgeIds(Actor actor) =>
        actor.SeesAllBridges ? db.Bridges.Select(b => b.Id) : db.Bridges.Where(b => b.OwnerId == actor.Id).Select(b => b.Id);

    private IQueryable<Record> Query(Actor actor, RecordFilter filter) =>
        Filtered(db.Records.AsNoTracking().Where(r => VisibleBridgeIds(actor).Contains(r.BridgeId)), filter);

    private IQueryable<Record> Changeable(Actor actor)
    {
        if (actor.IsAdmin)
        {
            return db.Records;
        }

        var own = actor.IsOperator ? db.Bridges.Where(b => b.OwnerId == actor.Id).Select(b => b.Id) : db.Bridges.Where(_ => false).Select(b => b.Id);
        return db.Records.Where(r => own.Contains(r.BridgeId));
    }

    private static IQueryable<Record> Filtered(IQueryable<Record> query, RecordFilter filter)
    {
        if (filter.BridgeId is { } bridgeId)
        {
            query = query.Where(r => r.BridgeId == bridgeId);
        }

        if (filter.Statuses is { Count: > 0 } statuses)
        {
            query = query.Where(r => statuses.Contains(r.Status));
        }

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var search = filter.Search.Trim();
            query = query.Where(r => r.NaturalId.Contains(search));
        }

        return query;
    }
}
