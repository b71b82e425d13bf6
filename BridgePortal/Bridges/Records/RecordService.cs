using BridgePortal.Data;
using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Identity;
using BridgePortal.Engine;

namespace BridgePortal.Bridges;

/// <summary>
/// Which records a list shows. <paramref name="Error"/> matches part of the last error (any case),
/// <paramref name="ExactError"/> the whole of it (the Failed page's "retry all with this error");
/// <paramref name="From"/>/<paramref name="To"/> bound the last attempt's time (for a Delivered record: its delivery).
/// </summary>
public sealed record RecordFilter(
    Guid? BridgeId = null,
    IReadOnlyCollection<RecordStatus>? Statuses = null,
    string? Search = null,
    string? Error = null,
    DateTime? From = null,
    DateTime? To = null,
    string? ExactError = null);

public sealed record RecordRow(
    long Id, Guid BridgeId, string BridgeName, string NaturalId, string? Module, RecordStatus Status, int Attempts,
    string? LastError, DateTime ReceivedAt, DateTime? LastAttemptAt, DateTime? DeliveredAt, DateTime? NextAttemptAt);

public sealed record RecordPage(IReadOnlyList<RecordRow> Rows, int Total);

/// <summary>
/// The records the actor may see, and the actions on the ones they may change: retry, discard, restore,
/// replay — each audited. The rules (roles, ownership) live here, so every caller (pages, API) shares them.
/// </summary>
public sealed partial class RecordService(BridgeDbContext db, AuditLog audit, DispatchSignal signal, ActorCheck actors)
{
    public static readonly RecordStatus[] FailedStatuses = [RecordStatus.Failed, RecordStatus.DeadLettered];

    public async Task<RecordPage> ListAsync(Actor actor, RecordFilter filter, int skip, int take, CancellationToken cancellationToken)
    {
        var query = Query(actor, filter);
        var total = await query.CountAsync(cancellationToken);
        var rows = await Rows(query.OrderByDescending(r => r.Id).Skip(skip).Take(take)).ToListAsync(cancellationToken);
        return new RecordPage(rows, total);
    }

    public Task<int> CountAsync(Actor actor, RecordFilter filter, CancellationToken cancellationToken) =>
        Query(actor, filter).CountAsync(cancellationToken);

    public async Task<string?> PayloadAsync(Actor actor, long recordId, CancellationToken cancellationToken) =>
        await Query(actor, new RecordFilter()).Where(r => r.Id == recordId).Select(r => r.Payload).FirstOrDefaultAsync(cancellationToken);

    /// <summary>One record the actor may see, or null.</summary>
    public async Task<RecordRow?> GetAsync(Actor actor, long recordId, CancellationToken cancellationToken) =>
        await Rows(Query(actor, new RecordFilter()).Where(r => r.Id == recordId)).FirstOrDefaultAsync(cancellationToken);

    private IQueryable<RecordRow> Rows(IQueryable<Record> query) =>
        query.Join(db.Bridges, r => r.BridgeId, b => b.Id, (r, b) => new RecordRow(
            r.Id, r.BridgeId, b.Name, r.NaturalId, r.Module, r.Status, r.Attempts, r.LastError, r.ReceivedAt, r.LastAttemptAt, r.DeliveredAt, r.NextAttemptAt));

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

        if (!string.IsNullOrWhiteSpace(filter.Error))
        {
            var error = filter.Error.Trim().ToLower();
            query = query.Where(r => r.LastError != null && r.LastError.ToLower().Contains(error));
        }

        if (filter.ExactError is { } exact)
        {
            query = query.Where(r => r.LastError == exact);
        }

        if (filter.From is { } from)
        {
            query = query.Where(r => r.LastAttemptAt >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(r => r.LastAttemptAt <= to);
        }

        return query;
    }
}
